import { performance } from 'node:perf_hooks';

/** Runs `work` while a 1 ms timer on this thread records its longest gap: how long the event loop was held. */
export async function longestPause<T>(work: () => Promise<T>): Promise<{ pauseMs: number; totalMs: number; value: T }> {
  let longest = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  try {
    const value = await work();
    const totalMs = performance.now() - started;
    // The last stretch counts too: one more tick closes it.
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { pauseMs: Math.max(longest, performance.now() - last - 2), totalMs, value };
  } finally {
    clearInterval(tick);
  }
}
