import { useEffect, useState } from 'react';
import type { DeskPublishJob } from '../../../common/desk/workflow';
import type { RemoteStatusChoice } from '../../../common/publish';
import { api, messageOf } from '../api';
import { useTeamDesk } from '../newsroom/teamDeskStore';
import { when } from '../shell/format';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { useDeskPublish } from './deskPublishStore';

/**
 * A shared piece goes out through the desk: the newsroom's targets and
 * their secrets live on its server, an editor chooses one, and the desk's
 * outbox sends the piece (at once, or at a set time, with every app closed).
 * Everyone holding the piece sees the job and, once done, the post's address.
 */

const HOW: Array<[RemoteStatusChoice, string]> = [
  ['draft', 'As a draft there'],
  ['review', 'Waiting for review'],
  ['publish', 'Live'],
];

function jobText(job: DeskPublishJob): string {
  const to = `${job.target}, ${HOW.find(([v]) => v === job.remoteStatus)?.[1].toLowerCase() ?? job.remoteStatus}`;
  switch (job.state) {
    case 'done':
      return `Published to ${to} by ${job.requestedBy}.`;
    case 'failed':
      return `Publishing to ${to} failed: ${job.lastError ?? 'no reason given'}`;
    case 'running':
      return `Sending to ${to} now…`;
    default:
      return job.attempts > 0
        ? `Waiting to try ${to} again at ${when(job.runAt)}: ${job.lastError ?? ''}`
        : `Going to ${to} at ${when(job.runAt)} (asked by ${job.requestedBy}).`;
  }
}

export function DeskPublish({ draftId }: { draftId: string }) {
  const { targets, jobs } = useDeskPublish();
  const role = useTeamDesk((s) => s.board?.role ?? '');
  const [target, setTarget] = useState('');
  const [how, setHow] = useState<RemoteStatusChoice>('publish');
  const [at, setAt] = useState('');
  const { error, setError, busy, run } = useAsyncAction();
  const editor = role === 'editor' || role === 'admin';

  useEffect(() => {
    const load = () =>
      Promise.all([useDeskPublish.getState().loadTargets(), useDeskPublish.getState().loadJobs(draftId)]).catch(
        (err: unknown) => setError(messageOf(err)),
      );
    void load();
    // The desk says when a job moved (desk.changed): its progress and address show here as they happen.
    return api().events.subscribe((event) => {
      if (event.type === 'desk.changed')
        void useDeskPublish
          .getState()
          .loadJobs(draftId)
          .catch(() => undefined);
    });
  }, [draftId, setError]);

  const chosen = target || targets?.[0]?.name || '';
  const order = () =>
    run(async () => {
      await useDeskPublish.getState().order({
        draftId,
        target: chosen,
        remoteStatus: how,
        ...(at && { at: new Date(at).toISOString() }),
      });
    });

  return (
    <section className="cd-desk-publish" aria-labelledby="cd-desk-publish-title">
      <h3 id="cd-desk-publish-title">From the desk</h3>
      {!editor ? (
        <p className="cd-help">
          Only the desk’s editors publish shared pieces; the desk sends them with the newsroom’s targets.
        </p>
      ) : targets?.length === 0 ? (
        <p className="cd-help">The desk has no publish targets yet: an admin adds them on the server.</p>
      ) : (
        <div className="cd-publish-choices">
          <label className="cd-field">
            <span className="cd-label">Desk target</span>
            <select className="cd-control" value={chosen} onChange={(e) => setTarget(e.target.value)}>
              {targets?.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name} ({t.kind})
                </option>
              ))}
            </select>
          </label>
          <label className="cd-field">
            <span className="cd-label">How, from the desk</span>
            <select className="cd-control" value={how} onChange={(e) => setHow(e.target.value as RemoteStatusChoice)}>
              {HOW.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="cd-field">
            <span className="cd-label">When (empty: now)</span>
            <input className="cd-control" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
          </label>
          <button
            type="button"
            className="cd-button is-primary"
            disabled={busy || !chosen}
            onClick={() => void order()}
          >
            {at ? 'Schedule on the desk' : 'Publish from the desk'}
          </button>
        </div>
      )}
      <ErrorLine message={error} />
      {jobs.length > 0 && (
        <ul className="cd-desk-publish-jobs" aria-label="Publishing from the desk">
          {jobs.map((job) => (
            <li key={job.id}>
              {jobText(job)}{' '}
              {job.postUrl && (
                <a href={job.postUrl} target="_blank" rel="noreferrer">
                  {job.postUrl}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
