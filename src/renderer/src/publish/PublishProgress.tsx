import type { PublishJob, PublishStep } from '../../../common/publish';

/** The outbox's steps for one job, where it is now, and what it said on the way. */

const STEPS: Array<[Exclude<PublishStep, 'done'>, string]> = [
  ['media', 'Upload the images'],
  ['post', 'Create or update the post'],
  ['record', 'Record where it lives'],
];

const ORDER: PublishStep[] = ['media', 'post', 'record', 'done'];

function stepState(job: PublishJob, step: PublishStep): 'done' | 'current' | 'waiting' | 'stopped' {
  const at = ORDER.indexOf(job.step);
  const mine = ORDER.indexOf(step);
  if (mine < at || job.state === 'done') return 'done';
  if (mine > at) return 'waiting';
  return job.state === 'failed' || job.state === 'cancelled' ? 'stopped' : 'current';
}

const STATE_TEXT: Record<PublishJob['state'], string> = {
  queued: 'Queued',
  running: 'Sending…',
  retrying: 'Waiting to try again',
  done: 'Published',
  failed: 'Stopped',
  cancelled: 'Cancelled',
};

export function PublishProgress({ job, messages }: { job: PublishJob; messages: string[] }) {
  return (
    <div className="cd-publish-progress">
      <p role="status" className={`cd-publish-state is-${job.state}`}>
        <strong>{STATE_TEXT[job.state]}</strong> to “{job.targetName}”{job.attempts > 1 && ` (attempt ${job.attempts})`}
      </p>
      <ol className="cd-publish-steps" aria-label="Publish steps">
        {STEPS.map(([step, label]) => {
          const state = stepState(job, step);
          return (
            <li key={step} className={`is-${state}`}>
              <span className="cd-publish-step-mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'current' ? '…' : state === 'stopped' ? '✕' : '·'}
              </span>
              {label}
              <span className="cd-visually-hidden">: {state}</span>
            </li>
          );
        })}
      </ol>
      {job.lastError && job.state !== 'done' && <p className="cd-help is-error">{job.lastError}</p>}
      {job.state === 'retrying' && (
        <p className="cd-help">
          The publish is kept in the outbox and goes out by itself when the connection is back, even after a restart.
        </p>
      )}
      {job.state === 'done' && job.url && (
        <p className="cd-publish-result">
          {job.remoteStatus === 'publish' ? 'Live at' : 'Waiting there, at'}{' '}
          <a href={job.url} target="_blank" rel="noreferrer" className="cd-publish-url">
            {job.url}
          </a>{' '}
          <a href={job.url} target="_blank" rel="noreferrer" className="cd-button">
            Open in browser
          </a>
        </p>
      )}
      {messages.length > 0 && (
        <ul className="cd-publish-log" aria-label="What happened">
          {messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
