import { useNotices } from './notices';

export function Notices() {
  const { notices, dismiss } = useNotices();
  return (
    <div className="cd-notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`cd-notice is-${n.kind}`} role={n.kind === 'error' ? 'alert' : undefined}>
          <span>{n.message}</span>
          {n.action && (
            <button
              type="button"
              className="cd-link-button"
              onClick={() => {
                n.action!.run();
                dismiss(n.id);
              }}
            >
              {n.action.label}
            </button>
          )}
          <button type="button" className="cd-icon-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
