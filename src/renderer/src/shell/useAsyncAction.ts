import { useCallback, useState } from 'react';
import { messageOf } from '../api';

/**
 * A form's one action at a time: `busy` while it runs (to disable its
 * button), and `error` with what went wrong, written for the writer:
 * `failure` names what did not happen ("The name was not saved: ") and the
 * cause follows. The work may also set an error of its own and return.
 */
export function useAsyncAction(failure = ''): {
  busy: boolean;
  error: string | null;
  setError: (message: string | null) => void;
  run: (work: () => Promise<void>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (work: () => Promise<void>): Promise<void> => {
      setBusy(true);
      setError(null);
      try {
        await work();
      } catch (err) {
        setError(failure + messageOf(err));
      } finally {
        setBusy(false);
      }
    },
    [failure],
  );
  return { busy, error, setError, run };
}
