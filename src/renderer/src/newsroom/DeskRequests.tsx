import { DESK_ACTION_RULES } from '../../../common/desk/workflow';
import { when } from '../shell/format';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { useTeamDesk } from './teamDeskStore';

/**
 * This computer's requests the desk has not done: waiting for the connection,
 * or refused with the server's reason, which stays until the person has read
 * it and dismisses it (a refused request is never dropped silently). One
 * piece's, or every piece's when no draft is named.
 */
export function DeskRequests({ draftId }: { draftId?: string }) {
  const board = useTeamDesk((s) => s.board);
  const { busy, error, run } = useAsyncAction('Not dismissed: ');
  const requests = board?.requests.filter((r) => draftId === undefined || r.draftId === draftId) ?? [];
  if (requests.length === 0) return null;
  return (
    <>
      <ul className="cd-newsroom-list cd-desk-requests" aria-label="Requests not done yet">
        {requests.map((r) => {
          const label = DESK_ACTION_RULES[r.action].label;
          return (
            <li key={r.id} className={`is-${r.state}`}>
              <span>
                {draftId === undefined && <strong>“{r.headline || 'Untitled'}”: </strong>}
                {label}
                {r.state === 'waiting' ? ', waiting to be sent' : ` was refused: ${r.message}`}
              </span>
              <time className="cd-help" dateTime={r.createdAt}>
                asked {when(r.createdAt)}
              </time>
              {r.state === 'refused' ? (
                <button
                  type="button"
                  className="cd-small-button"
                  disabled={busy}
                  aria-label={`Dismiss the refused “${label}”`}
                  onClick={() => void run(() => useTeamDesk.getState().dismiss(r.id))}
                >
                  Dismiss
                </button>
              ) : (
                <span />
              )}
            </li>
          );
        })}
      </ul>
      <ErrorLine message={error} />
    </>
  );
}
