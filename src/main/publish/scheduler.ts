import { redact } from '../../publishing/redact';

/**
 * The app's timer: runs `resumeDue` every `intervalMs`, never two at once,
 * and logs a failure rather than stopping; returns the function that stops it.
 */
export function startScheduler(
  resumeDue: () => Promise<unknown>,
  log: (line: string) => void,
  intervalMs: number,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    resumeDue()
      .catch((err: unknown) => log(`outbox: ${redact(err instanceof Error ? err.message : String(err))}`))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
