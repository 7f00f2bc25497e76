import { useState, type FormEvent } from 'react';
import type { VocabularyOutcome } from '../../../common/desk/workflow';
import { useTeamDesk } from '../newsroom/teamDeskStore';
import { plural } from '../shell/format';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';

/**
 * The newsroom's vocabulary, for the desk's editors: a tag or section renamed
 * (or merged into one that exists) on every shared piece at once. The desk
 * first says which pieces it would change; the rename happens only on a
 * second, explicit choice, and every machine holding a piece follows.
 */
export function DeskVocabulary() {
  const role = useTeamDesk((s) => s.board?.role ?? '');
  const [field, setField] = useState<'tag' | 'section'>('tag');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [counted, setCounted] = useState<VocabularyOutcome | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAsyncAction();
  if (role !== 'editor' && role !== 'admin') return null;

  const what = field === 'tag' ? 'tag' : 'section';
  const count = (e: FormEvent): void => {
    e.preventDefault();
    setDone(null);
    void run(async () => setCounted(await useTeamDesk.getState().vocabulary({ field, from, to, apply: false })));
  };
  const apply = (): void => {
    void run(async () => {
      const outcome = await useTeamDesk.getState().vocabulary({ field, from, to, apply: true });
      setCounted(null);
      setDone(
        `Renamed the ${what} “${outcome.from}” to “${outcome.to}” on ${plural(outcome.pieces.length, 'shared piece')}.`,
      );
    });
  };
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    setCounted(null);
  };

  return (
    <section className="cd-desk-vocabulary" aria-labelledby="cd-desk-vocabulary-title">
      <h2 id="cd-desk-vocabulary-title">On the desk</h2>
      <form className="cd-tags-form" onSubmit={count} aria-label="Rename on the desk">
        <label className="cd-field">
          <span className="cd-label">Rename a</span>
          <select
            className="cd-control"
            value={field}
            onChange={(e) => {
              setField(e.target.value as 'tag' | 'section');
              setCounted(null);
            }}
          >
            <option value="tag">Tag</option>
            <option value="section">Section</option>
          </select>
        </label>
        <label className="cd-field">
          <span className="cd-label">Desk {what} to rename</span>
          <input className="cd-control" value={from} onChange={(e) => edit(setFrom)(e.target.value)} />
        </label>
        <label className="cd-field">
          <span className="cd-label">New name on the desk</span>
          <input className="cd-control" value={to} onChange={(e) => edit(setTo)(e.target.value)} />
        </label>
        <button type="submit" className="cd-button" disabled={busy || !from.trim() || !to.trim()}>
          Show the pieces
        </button>
      </form>
      <ErrorLine message={error} />
      {counted && (
        <div className="cd-confirm" role="alert">
          {counted.pieces.length === 0 ? (
            <p>
              No shared piece has the {what} “{counted.from}”.
            </p>
          ) : (
            <>
              <p>
                “{counted.from}” is on {plural(counted.pieces.length, 'shared piece')}:
              </p>
              <ul>
                {counted.pieces.slice(0, 20).map((p) => (
                  <li key={p.document}>{p.headline || 'Untitled'}</li>
                ))}
                {counted.pieces.length > 20 && <li>and {counted.pieces.length - 20} more</li>}
              </ul>
              <button type="button" className="cd-button is-primary" disabled={busy} onClick={apply}>
                Rename on {plural(counted.pieces.length, 'shared piece')}
              </button>
            </>
          )}
        </div>
      )}
      {done && (
        <p role="status" className="cd-help">
          {done}
        </p>
      )}
    </section>
  );
}
