import { useRef, useState, type FormEvent } from 'react';
import type { DraftStatus } from '../../../common/domain';
import { EMPTY_ASSIGNMENT, type Assignment } from '../../../common/desk/workflow';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import '../publish/publish.css';
import { isoFromLocal, localDateTime, outcomeLine } from './teamDesk';
import { useTeamDesk } from './teamDeskStore';

/** The piece an editor assigns: its local draft when held here, else its desk document (taken first). */
export interface AssignTarget {
  draftId: string | null;
  document: string | null;
  headline: string;
  status: DraftStatus;
  current: Assignment | null;
}

/** One empty list, so the selector answers the same value until the board is read. */
const NO_PEOPLE: string[] = [];

/**
 * An editor sets who writes a piece, who edits it, when it is due and where
 * it runs (the `assign` request). Empty fields clear what was set.
 */
export function AssignDialog({
  target,
  onClose,
  onDone,
}: {
  target: AssignTarget;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  // The names the desk already knows, offered as the fields are typed.
  const people = useTeamDesk((s) => s.board?.people ?? NO_PEOPLE);
  const start = target.current ?? EMPTY_ASSIGNMENT;
  const [assignee, setAssignee] = useState(start.assignee ?? '');
  const [editor, setEditor] = useState(start.editor ?? '');
  const [deadline, setDeadline] = useState(localDateTime(start.deadline));
  const [slotSection, setSlotSection] = useState(start.slotSection ?? '');
  const [slotDate, setSlotDate] = useState(start.slotDate ?? '');
  const { busy, error, setError, run } = useAsyncAction('Not assigned: ');
  const opener = useRef(document.activeElement as HTMLElement | null);
  const title = target.headline || 'Untitled';

  const close = (): void => {
    onClose();
    requestAnimationFrame(() => opener.current?.focus());
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run(async () => {
      const assignment: Assignment = {
        assignee: assignee.trim() || null,
        editor: editor.trim() || null,
        deadline: isoFromLocal(deadline),
        slotSection: slotSection.trim() || null,
        slotDate: slotDate || null,
      };
      const desk = useTeamDesk.getState();
      const draftId = target.draftId ?? (await desk.take(target.document!));
      const outcome = await desk.request({ draftId, action: 'assign', expected: target.status, assignment });
      if (outcome.state === 'refused') {
        setError(outcome.message);
        return;
      }
      onDone(outcomeLine(outcome, target.headline, 'assign'));
      close();
    });
  };

  return (
    <div className="cd-modal-backdrop">
      <form
        className="cd-modal cd-assign-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cd-assign-title"
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        <h2 id="cd-assign-title" className="cd-version-dialog-title">
          Assign “{title}”
        </h2>
        <datalist id="cd-desk-people">
          {people.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <div className="cd-assign-grid">
          <label className="cd-field">
            <span className="cd-label">Assignee</span>
            <input
              autoFocus
              list="cd-desk-people"
              maxLength={64}
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
            />
          </label>
          <label className="cd-field">
            <span className="cd-label">Editor</span>
            <input list="cd-desk-people" maxLength={64} value={editor} onChange={(e) => setEditor(e.target.value)} />
          </label>
          <label className="cd-field">
            <span className="cd-label">Deadline</span>
            <input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          </label>
          <label className="cd-field">
            <span className="cd-label">Slot section</span>
            <input maxLength={100} value={slotSection} onChange={(e) => setSlotSection(e.target.value)} />
          </label>
          <label className="cd-field">
            <span className="cd-label">Slot date</span>
            <input type="date" value={slotDate} onChange={(e) => setSlotDate(e.target.value)} />
          </label>
        </div>
        <p className="cd-help">Empty fields clear what was set. The people named are told.</p>
        <ErrorLine message={error} />
        <div className="cd-actions">
          <button type="submit" className="cd-button" disabled={busy}>
            {busy ? 'Saving…' : 'Save assignment'}
          </button>
          <button type="button" className="cd-small-button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
