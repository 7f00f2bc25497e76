import type { SaveState } from './saveController';

const time = (d: Date) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** "Saved 12:04" / "Version saved 12:04" (a save by hand) / "Saving…" / "Not saved — reason, Retry". */
export function SaveStatus({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  switch (state.kind) {
    case 'saved':
      return (
        <span className="cd-save is-saved">
          {state.version ? 'Version saved' : 'Saved'} {time(state.at)}
        </span>
      );
    case 'dirty':
      return <span className="cd-save is-dirty">Edited</span>;
    case 'saving':
      return <span className="cd-save is-saving">Saving…</span>;
    case 'error':
      return (
        <span className="cd-save is-error" role="alert">
          Not saved — {state.message}{' '}
          <button type="button" className="cd-link-button" onClick={onRetry}>
            Retry
          </button>
        </span>
      );
    case 'conflict':
      return <span className="cd-save is-error">Changed elsewhere</span>;
  }
}
