import { useState } from 'react';
import type { CheckProblem } from '../../../common/check';
import { STATUS_LABELS, STATUS_TRANSITIONS, type DraftStatus } from '../../../common/domain';
import { ApiFailure, messageOf } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import { usePublish } from '../publish/publishStore';
import { when } from '../shell/format';
import { useLiveCheck } from './liveCheck';
import { ErrorLine } from '../shell/Messages';
import { useShell } from '../shell/shellStore';
import { DeskWorkflow } from '../newsroom/DeskWorkflow';
import { isShared, useNewsroom } from '../newsroom/newsroomStore';
import { NotesList } from './NotesList';
import { useReview } from './reviewStore';

const ACTIONS: Record<DraftStatus, Partial<Record<DraftStatus, string>>> = {
  draft: { in_review: 'Send for review', archived: 'Archive' },
  in_review: { approved: 'Approve', draft: 'Request changes', archived: 'Archive' },
  approved: { published: 'Mark published', in_review: 'Back to review', draft: 'Request changes', archived: 'Archive' },
  published: { draft: 'Back to draft', archived: 'Archive' },
  archived: { draft: 'Restore to draft' },
};

/** Takes the writer to the place a problem is about. */
function goTo(problem: CheckProblem): void {
  const { setTab, focusNote } = useReview.getState();
  const scroll = (element: Element | null | undefined): void => {
    element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (element instanceof HTMLElement) element.focus?.();
  };
  const target = problem.target;
  switch (target.kind) {
    case 'field':
      if (target.field === 'headline' || target.field === 'dek') scroll(document.querySelector(`.cd-${target.field}`));
      else {
        setTab('fields');
        const selector = {
          tags: '[aria-label="Add tags"]',
          section: '.cd-section-input',
          topImage: '#cd-images-heading',
        }[target.field];
        requestAnimationFrame(() => scroll(document.querySelector(selector)));
      }
      return;
    case 'figure':
      return scroll(document.querySelectorAll('.cd-body figure')[target.index]);
    case 'citation':
      return scroll(document.querySelectorAll('.cd-body .cd-citation')[target.index]);
    case 'source': {
      setTab('fields');
      const index = useOpenDraft.getState().sources.findIndex((s) => s.id === target.id);
      requestAnimationFrame(() => scroll(document.querySelectorAll('.cd-source .cd-source-title')[index]));
      return;
    }
    case 'note':
      return focusNote(target.id);
    case 'words': {
      if (target.where !== 'body') return scroll(document.querySelector(`.cd-${target.where}`));
      // The first place the words are underlined; with spelling off, the text itself.
      const ranges = [...(CSS.highlights.get('cd-house-style')?.keys() ?? [])] as Range[];
      const range = ranges.find((r) => r.toString() === target.found);
      return scroll(range?.startContainer.parentElement ?? document.querySelector('.cd-body'));
    }
  }
}

function CheckList({ problems }: { problems: CheckProblem[] }) {
  if (problems.length === 0) return <p className="cd-help">No problems: this piece is ready to go.</p>;
  return (
    <ul className="cd-check">
      {problems.map((p, i) => (
        <li key={`${p.rule}-${i}`} className={`cd-check-item is-${p.severity}`}>
          <button type="button" className="cd-check-button" onClick={() => goTo(p)}>
            <span className="cd-check-severity">{p.severity === 'error' ? 'Error' : 'Warning'}</span> {p.message}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The workflow for the open piece: its status, the moves it can make, the pre-publish check and its trail. */
function Workflow() {
  const status = useOpenDraft((s) => s.status);
  const draftId = useOpenDraft((s) => s.draftId);
  const profile = useShell((s) => s.profile);
  // A shared piece's status is the desk's to decide: its requests replace the local buttons and the local role.
  const shared = useNewsroom((s) => draftId !== null && isShared(s.status, draftId));
  const { trail, changeStatus } = useReview();
  const { problems, checkedAt, run: runCheck } = useLiveCheck();
  const [note, setNote] = useState('');
  const [blocked, setBlocked] = useState<{ to: DraftStatus; message: string } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const move = async (to: DraftStatus, override?: string): Promise<void> => {
    if (!draftId) return;
    setError(null);
    if (ACTIONS[status][to] === 'Request changes' && !note.trim()) {
      setError('Say what needs changing: write it in the note for the trail, then request changes.');
      return;
    }
    try {
      const outcome = await changeStatus(to, note.trim(), override);
      if (outcome === 'conflict') {
        setError('This piece was changed elsewhere; reload it before changing its status.');
        return;
      }
      if (outcome === 'closed') return;
      setNote('');
      setBlocked(null);
      setReason('');
    } catch (err) {
      if (err instanceof ApiFailure && err.error.code === 'check_failed') {
        setBlocked({ to, message: err.message });
        runCheck();
      } else setError(messageOf(err));
    }
  };

  const actions = STATUS_TRANSITIONS[status].filter((to) => ACTIONS[status][to]);
  return (
    <section className="cd-fields-section" aria-labelledby="cd-workflow-heading">
      <h2 id="cd-workflow-heading">Workflow</h2>
      {shared && draftId ? (
        <DeskWorkflow key={draftId} draftId={draftId} localStatus={status} />
      ) : (
        <>
          <p>
            Status: <strong className={`cd-status cd-status-${status}`}>{STATUS_LABELS[status]}</strong>
          </p>
          <label className="cd-field">
            <span className="cd-label">Note for the trail (needed to request changes)</span>
            <input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="e.g. Tighten the second section"
            />
          </label>
          <div className="cd-actions">
            {actions.map((to) => (
              <button key={to} type="button" className="cd-small-button" onClick={() => void move(to)}>
                {ACTIONS[status][to]}
              </button>
            ))}
            {(status === 'approved' || status === 'published') && (
              <button type="button" className="cd-small-button" onClick={() => usePublish.getState().openDialog()}>
                Publish…
              </button>
            )}
          </div>
          <ErrorLine message={error} />
          {blocked && (
            <div className="cd-confirm" role="alertdialog" aria-label="The check found problems">
              <p>{blocked.message}</p>
              {profile?.role === 'editor' ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    void move(blocked.to, reason.trim());
                  }}
                >
                  <label className="cd-field">
                    <span className="cd-label">Reason to override</span>
                    <input value={reason} onChange={(e) => setReason(e.target.value)} />
                  </label>
                  <button type="submit" className="cd-small-button is-danger" disabled={reason.trim().length < 3}>
                    Override and {ACTIONS[status][blocked.to]?.toLowerCase()}
                  </button>
                </form>
              ) : (
                <p className="cd-help">Fix the errors, or ask an editor to override them.</p>
              )}
            </div>
          )}
        </>
      )}
      <h3 className="cd-subheading">Pre-publish check</h3>
      {checkedAt && (
        <p className="cd-help">
          Checked at <time dateTime={checkedAt.toISOString()}>{checkedAt.toLocaleTimeString()}</time>, and again
          whenever the piece changes.{' '}
          <button type="button" className="cd-link-button" onClick={runCheck}>
            Run the check again
          </button>
        </p>
      )}
      {problems && <CheckList problems={problems} />}
      <h3 className="cd-subheading">Trail</h3>
      {trail.length === 0 ? (
        <p className="cd-help">No status changes yet.</p>
      ) : (
        <ol className="cd-trail">
          {trail.map((t) => (
            <li key={t.id}>
              <time dateTime={t.createdAt}>{when(t.createdAt)}</time> — {STATUS_LABELS[t.from]} → {STATUS_LABELS[t.to]}{' '}
              by {t.actor || 'someone'}
              {t.note && <span className="cd-trail-note">: “{t.note}”</span>}
              {t.overrideReason && <span className="cd-trail-override"> (check overridden: {t.overrideReason})</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function ReviewPanel() {
  const error = useReview((s) => s.error);
  return (
    <>
      {error && (
        <p role="alert" className="cd-error">
          {error}
        </p>
      )}
      <Workflow />
      <NotesList />
    </>
  );
}
