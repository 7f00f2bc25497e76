import { useRef, useState, type FormEvent } from 'react';
import type { RevisionSummary } from '../../../common/domain';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { useHistory } from './historyStore';

/** A version's name ("sent to legal"): shown, and given or changed in a small form. */
export function NameEditor({ summary }: { summary: RevisionSummary }) {
  const [editing, setEditing] = useState<string | null>(null);
  const { busy: saving, error, run } = useAsyncAction('The name was not saved: ');
  const startRef = useRef<HTMLButtonElement>(null);

  const stopEditing = (): void => {
    setEditing(null);
    requestAnimationFrame(() => startRef.current?.focus());
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (editing === null) return;
    await run(async () => {
      await useHistory.getState().rename(summary.id, editing.trim());
      stopEditing();
    });
  };

  if (editing === null) {
    return (
      <div className="cd-rev-name-row">
        {summary.name ? (
          <p className="cd-rev-name-current">
            Named <strong>“{summary.name}”</strong>
          </p>
        ) : null}
        <button ref={startRef} type="button" className="cd-small-button" onClick={() => setEditing(summary.name)}>
          {summary.name ? 'Rename this version' : 'Name this version'}
        </button>
        <ErrorLine message={error} />
      </div>
    );
  }
  return (
    <form className="cd-rev-name-form" onSubmit={(e) => void submit(e)}>
      <label className="cd-field">
        <span className="cd-label">Name for this version</span>
        <input
          className="cd-rev-name-input"
          autoFocus
          maxLength={200}
          placeholder="e.g. sent to legal"
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              stopEditing();
            }
          }}
        />
      </label>
      <div className="cd-actions">
        <button type="submit" className="cd-small-button" disabled={saving}>
          Save name
        </button>
        <button type="button" className="cd-small-button" onClick={stopEditing}>
          Cancel
        </button>
      </div>
      <ErrorLine message={error} />
    </form>
  );
}
