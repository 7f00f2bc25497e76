import type { ReactNode } from 'react';

/** Why an action failed, announced as soon as it appears; nothing when there is no message. */
export function ErrorLine({ message }: { message: ReactNode }) {
  if (!message) return null;
  return (
    <p role="alert" className="cd-help is-error">
      {message}
    </p>
  );
}

/**
 * The line under a screen's heading: what its last action did, kept until
 * the next one (a polite live region, present even when empty so that screen
 * readers hear it change), and what went wrong, if anything.
 */
export function ScreenStatus({
  status,
  error,
  className,
}: {
  status: ReactNode;
  error: ReactNode;
  className?: string;
}) {
  return (
    <>
      <div role="status" className={className ? `cd-screen-status ${className}` : 'cd-screen-status'}>
        {status}
      </div>
      {error && (
        <p role="alert" className="cd-error">
          {error}
        </p>
      )}
    </>
  );
}
