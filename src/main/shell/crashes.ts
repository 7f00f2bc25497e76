/**
 * What Copydesk does when the window's page or the GPU process dies: the
 * question offering to reload, decided from Electron's `render-process-gone`
 * and `child-process-gone` details (index.ts asks it). Crash dumps stay on
 * this computer (`crashReporter.start({ uploadToServer: false })`); Help ›
 * Report a problem gathers them with the log (problemReport.ts).
 */

export interface CrashQuestion {
  message: string;
  detail: string;
  buttons: [string, string];
}

/** Electron's reasons (RenderProcessGoneDetails['reason']), in words. */
const REASONS: Record<string, string> = {
  crashed: 'crashed',
  oom: 'ran out of memory',
  killed: 'was stopped by the system',
  'abnormal-exit': 'stopped unexpectedly',
  'launch-failed': 'could not start',
  'integrity-failure': 'failed a code integrity check',
  'memory-eviction': 'was closed to free memory',
};

const SAVED =
  'Your pieces are saved as you type: everything up to your last pause (a second or so) is kept, and Reload opens the window on it again. A crash report was kept on this computer; Help › Report a problem gathers it with the log.';

/** The question after the page died, or null when it ended on purpose (a reload, a close). */
export function rendererGoneQuestion(details: { reason: string; exitCode: number }): CrashQuestion | null {
  if (details.reason === 'clean-exit') return null;
  const what = REASONS[details.reason] ?? `stopped (${details.reason})`;
  return {
    message: `Copydesk’s window ${what}`,
    detail: `${SAVED}\n\n(Reason: ${details.reason}, exit code ${details.exitCode}.)`,
    buttons: ['Reload', 'Quit Copydesk'],
  };
}

/**
 * After the GPU process died: Chromium starts a new one (and after repeated
 * crashes draws without the GPU), but the page may stay blank until it is
 * reloaded, so the writer is offered that. Other helpers (network, audio,
 * utilities) restart by themselves and are only logged.
 */
export function gpuGoneQuestion(details: { type: string; reason: string; exitCode: number }): CrashQuestion | null {
  if (details.type !== 'GPU' || details.reason === 'clean-exit') return null;
  const what = REASONS[details.reason] ?? `stopped (${details.reason})`;
  return {
    message: `Copydesk’s graphics process ${what}`,
    detail: `If the window looks blank or frozen, reload it. ${SAVED}\n\n(Reason: ${details.reason}, exit code ${details.exitCode}.)`,
    buttons: ['Reload', 'Keep working'],
  };
}
