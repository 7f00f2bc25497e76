import { createStore, useStore, type StoreApi } from 'zustand';
import type { Draft } from '../../../common/domain';
import type { SaveState } from './saveController';

const time = (d: Date) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The open draft's save state, outside React's state of the editor: a status change ("Edited", "Saving…",
 * "Saved") re-renders only the components below that read it, not the editor and its plugins around them.
 */
export type SaveStateStore = StoreApi<{
  state: SaveState;
  /** The draft's version once this state was reached. */ version: number;
}>;

export const createSaveStateStore = (initial: SaveState, version: number): SaveStateStore =>
  createStore(() => ({ state: initial, version }));

/** "Saved 12:04" / "Version saved 12:04" (a save by hand) / "Saving…" / "Not saved — reason, Retry". */
export function SaveStatus({ store, onRetry }: { store: SaveStateStore; onRetry: () => void }) {
  const state = useStore(store, (s) => s.state);
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

/** After a conflict: the writer chooses between their version and the one saved elsewhere. */
export function ConflictBanner({
  store,
  onLoadTheirs,
  onKeepMine,
}: {
  store: SaveStateStore;
  onLoadTheirs: () => void;
  onKeepMine: (current: Draft) => void;
}) {
  const state = useStore(store, (s) => s.state);
  if (state.kind !== 'conflict') return null;
  return (
    <div className="cd-banner" role="alert">
      This piece was changed elsewhere while you were editing.
      <button type="button" className="cd-button" onClick={onLoadTheirs}>
        Load their version
      </button>
      <button type="button" className="cd-button" onClick={() => onKeepMine(state.current)}>
        Keep mine
      </button>
    </div>
  );
}
