import { useEffect } from 'react';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { STATUS_LABELS } from '../../../common/domain';
import { isShared, useNewsroom } from './newsroomStore';
import { boardPieceOf, useTeamDesk } from './teamDeskStore';

/**
 * The piece footer's sharing control: nothing until this computer joined a desk, then "Share with the desk", then
 * where it stands. `onShared`: the piece was just shared (the editor reopens it bound live).
 */
export function SharePiece({ draftId, onShared }: { draftId: string; onShared?: () => void }) {
  const status = useNewsroom((s) => s.status);
  const deskStatus = useTeamDesk((s) => boardPieceOf(s.board, draftId)?.status);
  const { busy, error, run } = useAsyncAction('Not shared: ');

  useEffect(() => {
    void useNewsroom
      .getState()
      .loadStatus()
      .catch(() => undefined);
  }, [draftId]);

  if (!status?.connection) return null;
  if (isShared(status, draftId)) {
    return (
      <>
        <span className="cd-share-state" role="status">
          {status.live.state === 'online'
            ? 'Shared with the desk'
            : 'Shared with the desk (offline: changes wait here)'}
        </span>
        {deskStatus && <span className="cd-share-state">{STATUS_LABELS[deskStatus]} on the desk</span>}
      </>
    );
  }
  return (
    <>
      <button
        type="button"
        className="cd-small-button"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await useNewsroom.getState().share(draftId);
            onShared?.();
          })
        }
      >
        Share with the desk
      </button>
      <ErrorLine message={error} />
    </>
  );
}
