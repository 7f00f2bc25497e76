import { useState } from 'react';
import type { CheckProblem } from '../../../common/check';
import { STATUS_LABELS, type DraftStatus } from '../../../common/domain';
import { DESK_ACTION_RULES, mayAct, type DeskAction } from '../../../common/desk/workflow';
import { useOpenDraft } from '../editor/openDraftStore';
import { when } from '../shell/format';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { AssignDialog } from './AssignDialog';
import { CheckRefusal } from './CheckRefusal';
import { DeskRequests } from './DeskRequests';
import { ReasonForm } from './ReasonForm';
import { actionsFor, outcomeLine, roleSentence } from './teamDesk';
import { boardPieceOf, useTeamDesk } from './teamDeskStore';

/**
 * A shared piece's workflow, which the desk decides: its status there, the
 * role the server gave this person, and a button for each request that role
 * may make now. Each is sent to the desk (or waits here while offline); the
 * answer is shown, and a refusal stays listed until dismissed.
 */
export function DeskWorkflow({ draftId, localStatus }: { draftId: string; localStatus: DraftStatus }) {
  const board = useTeamDesk((s) => s.board);
  const headline = useOpenDraft((s) => s.headline);
  const piece = boardPieceOf(board, draftId);
  // Until the desk has a state for it (shared a moment ago), the piece is where this computer has it.
  const status = piece?.status ?? localStatus;
  const role = board?.role ?? '';
  const [asking, setAsking] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [answer, setAnswer] = useState<{ line: string; refused: boolean } | null>(null);
  const [check, setCheck] = useState<CheckProblem[] | null>(null);
  const { busy, error, run } = useAsyncAction('Not sent to the desk: ');

  const send = (action: DeskAction, reason = '', override = false): void =>
    void run(async () => {
      // The desk judges the piece as it is on screen: what is typed reaches it first.
      await useOpenDraft.getState().controller?.flush();
      const outcome = await useTeamDesk.getState().request({ draftId, action, expected: status, reason, override });
      setAsking(false);
      setAnswer({ line: outcomeLine(outcome, headline, action), refused: outcome.state === 'refused' });
      setCheck(outcome.state === 'refused' && outcome.code === 'check_failed' ? outcome.problems : null);
    });

  const choose = (action: DeskAction): void => {
    setAnswer(null);
    setCheck(null);
    if (action === 'assign') setAssigning(true);
    else if (DESK_ACTION_RULES[action].needsReason) setAsking(true);
    else send(action);
  };

  const actions = board ? actionsFor(role, status) : [];
  const assignment = piece && [
    piece.assignee ? `Assigned to ${piece.assignee}` : 'Not assigned',
    piece.editor && `editor ${piece.editor}`,
    piece.deadline && `due ${when(piece.deadline)}`,
    (piece.slotSection || piece.slotDate) && `slot ${[piece.slotSection, piece.slotDate].filter(Boolean).join(', ')}`,
  ];
  return (
    <>
      <p>
        Status on the desk: <strong className={`cd-status cd-status-${status}`}>{STATUS_LABELS[status]}</strong>
      </p>
      <p className="cd-help">
        {board ? `${roleSentence(role)}.` : 'Reading the desk…'}
        {board && !board.online && ' Offline: requests wait here and are sent when you reconnect.'}
      </p>
      {assignment && <p className="cd-help">{assignment.filter(Boolean).join(' · ')}</p>}
      {actions.length > 0 && (
        <div className="cd-actions" role="group" aria-label="Desk actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className="cd-small-button"
              disabled={busy}
              onClick={() => choose(action)}
            >
              {DESK_ACTION_RULES[action].label}
            </button>
          ))}
        </div>
      )}
      {asking && (
        <ReasonForm
          label="What needs changing (sent to the writer)"
          submitLabel="Send back"
          busy={busy}
          onSubmit={(reason) => send('request_changes', reason)}
          onCancel={() => setAsking(false)}
        />
      )}
      {answer &&
        (answer.refused ? (
          <ErrorLine message={answer.line} />
        ) : (
          <p role="status" className="cd-help">
            {answer.line}
          </p>
        ))}
      {check && (
        <CheckRefusal
          problems={check}
          canOverride={mayAct(role, 'approve', status)}
          busy={busy}
          onOverride={(reason) => send('approve', reason, true)}
          onCancel={() => setCheck(null)}
        />
      )}
      <ErrorLine message={error} />
      <DeskRequests draftId={draftId} />
      {assigning && (
        <AssignDialog
          target={{ draftId, document: piece?.document ?? null, headline, status, current: piece ?? null }}
          onClose={() => setAssigning(false)}
          onDone={(line) => setAnswer({ line, refused: false })}
        />
      )}
    </>
  );
}
