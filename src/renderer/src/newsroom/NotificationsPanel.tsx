import { useEffect, useRef } from 'react';
import type { DeskNotification } from '../../../common/desk/workflow';
import { when } from '../shell/format';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { openPiece } from './openPiece';
import { heldPiece, useTeamDesk } from './teamDeskStore';

/**
 * The person's notifications from the desk, newest first, unread ones
 * marked. Choosing one marks it read and opens its piece when this computer
 * holds it.
 */
export function NotificationsPanel({ onClose }: { onClose: () => void }) {
  const notifications = useTeamDesk((s) => s.notifications);
  const board = useTeamDesk((s) => s.board);
  const { busy, error, run } = useAsyncAction('Not marked read: ');
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('button')?.focus();
    // A click elsewhere closes the list, as a menu does.
    const away = (event: MouseEvent): void => {
      const target = event.target as Node;
      if (!panel.current?.parentElement?.contains(target)) onClose();
    };
    // Escape closes it wherever the focus is: "Mark all read" disables itself, and the focus it had falls to the page.
    const escape = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [onClose]);

  const choose = (item: DeskNotification): void =>
    void run(async () => {
      const draftId = heldPiece(board, (p) => p.document === item.document)?.draftId ?? null;
      if (!item.readAt) await useTeamDesk.getState().markRead([item.id]);
      if (draftId) {
        onClose();
        openPiece(draftId);
      }
    });

  const items = notifications?.items ?? [];
  return (
    <div
      ref={panel}
      className="cd-notifications-panel"
      role="dialog"
      aria-label="Notifications"
      onKeyDown={(e) => {
        // Handled here, it goes no further (the document's listener, an open editor's own Escape).
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="cd-notifications-head">
        <h2>Notifications</h2>
        <button
          type="button"
          className="cd-small-button"
          disabled={busy || (notifications?.unread ?? 0) === 0}
          onClick={() => void run(() => useTeamDesk.getState().markRead('all'))}
        >
          Mark all read
        </button>
      </div>
      <ErrorLine message={error} />
      {items.length === 0 ? (
        <p className="cd-help">
          Nothing yet. You are told here when a piece is sent back, approved, assigned to you or published.
        </p>
      ) : (
        <ul className="cd-notifications-list" aria-label="Notifications from the desk">
          {items.map((item) => (
            <li key={item.id} className={item.readAt ? 'is-read' : 'is-unread'}>
              <button type="button" className="cd-notification" onClick={() => choose(item)}>
                <span className="cd-notification-text">{item.text}</span>
                <span className="cd-help">
                  <time dateTime={item.at}>{when(item.at)}</time>
                  {!item.readAt && <span className="cd-badge is-warning">Unread</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
