import { useCallback, useState } from 'react';
import { NotificationsPanel } from './NotificationsPanel';
import { useNewsroom } from './newsroomStore';
import { useTeamDesk } from './teamDeskStore';

/** The top bar's notifications: a badge with the unread count, opening the list. Only once this computer has joined a desk. */
export function NotificationsButton() {
  const joined = useNewsroom((s) => Boolean(s.status?.connection));
  const notifications = useTeamDesk((s) => s.notifications);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  if (!joined || !notifications) return null;
  const unread = notifications.unread;
  return (
    <div className="cd-notifications">
      <button
        type="button"
        className="cd-appnav-item"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Notifications
        {unread > 0 && (
          <span className="cd-badge is-warning" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {open && <NotificationsPanel onClose={close} />}
    </div>
  );
}
