import type { PublishJob } from '../../common/publish';
import { describe as describeJob } from '../publish/outbox';

/**
 * Quitting while publishes are still waiting to go out asks first, and
 * says what is waiting. (They are not lost: the outbox resumes them at the
 * next start; but a writer who expects a story live should know it is not.)
 */

const UNSENT: ReadonlySet<PublishJob['state']> = new Set(['queued', 'running', 'retrying']);

export interface QuitQuestion {
  message: string;
  detail: string;
  buttons: [string, string];
}

/** The question to ask before quitting, or null when nothing is waiting. */
export function quitQuestion(jobs: readonly PublishJob[]): QuitQuestion | null {
  const unsent = jobs.filter((job) => UNSENT.has(job.state));
  if (unsent.length === 0) return null;
  const lines = unsent.map((job) => `• To ${job.targetName}: ${describeJob(job)}`);
  return {
    message:
      unsent.length === 1
        ? 'A publish has not gone out yet. Quit anyway?'
        : `${unsent.length} publishes have not gone out yet. Quit anyway?`,
    detail: `${lines.join('\n')}\n\nIf you quit, Copydesk sends ${unsent.length === 1 ? 'it' : 'them'} the next time it opens.`,
    buttons: ['Quit anyway', 'Keep Copydesk open'],
  };
}

export interface QuitGuardDeps {
  unsentJobs(): Promise<PublishJob[]>;
  /** Shows the question; true when the writer chose to quit. */
  ask(question: QuitQuestion): Promise<boolean>;
  quit(): void;
}

/**
 * A `before-quit` listener: holds the quit while it looks for waiting work
 * and asks, then quits again once agreed. A failure to look never keeps the
 * app from quitting.
 */
export function guardQuit(deps: QuitGuardDeps): (event: { preventDefault(): void }) => void {
  let state: 'idle' | 'asking' | 'agreed' = 'idle';
  return (event) => {
    if (state === 'agreed') return;
    event.preventDefault();
    if (state === 'asking') return;
    state = 'asking';
    void deps
      .unsentJobs()
      .then((jobs) => {
        const question = quitQuestion(jobs);
        return question ? deps.ask(question) : true;
      })
      .catch(() => true)
      .then((agreed) => {
        state = agreed ? 'agreed' : 'idle';
        if (agreed) deps.quit();
      });
  };
}
