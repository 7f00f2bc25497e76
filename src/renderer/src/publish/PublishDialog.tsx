import { useEffect, useRef, useState } from 'react';
import { liveBlockers } from '../../../common/check';
import type { PublishPreview, RemoteStatusChoice } from '../../../common/publish';
import { messageOf } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import { useLiveCheck } from '../review/liveCheck';
import { when } from '../shell/format';
import { ErrorLine } from '../shell/Messages';
import { useShell } from '../shell/shellStore';
import { isShared, useNewsroom } from '../newsroom/newsroomStore';
import { useTeamDesk } from '../newsroom/teamDeskStore';
import { DeskPublish } from './DeskPublish';
import { PublishProgress } from './PublishProgress';
import { usePublish } from './publishStore';
import './publish.css';

/**
 * One click from the open piece to a CMS: choose where and how, see exactly
 * what will be sent (a dry run through the same adapter), then follow the
 * outbox job step by step until the post's address comes back. The piece is
 * saved first, so what goes out is what is on screen.
 */

const STATUS_CHOICES: Array<[RemoteStatusChoice, string]> = [
  ['draft', 'As a draft there'],
  ['review', 'Waiting for review'],
  ['publish', 'Live'],
];

const ACTION_TEXT: Record<PublishPreview['action'], string> = {
  create: 'Creates a new post.',
  update: 'Updates the post already there, in place.',
  unchanged: 'Nothing to send: the target already has exactly this version.',
};

function fieldText(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(fieldText).join(', ');
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function PreviewView({ preview }: { preview: PublishPreview }) {
  return (
    <div className="cd-publish-preview">
      <p className="cd-publish-action">{ACTION_TEXT[preview.action]}</p>
      {preview.warnings.length > 0 && (
        <ul className="cd-publish-warnings">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table className="cd-publish-fields" aria-label="Fields that will be sent">
        <tbody>
          {Object.entries(preview.fields).map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td>{fieldText(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.images.length > 0 && (
        <ul className="cd-publish-images" aria-label="Images">
          {preview.images.map((image) => (
            <li key={image.id}>
              <strong>{image.caption || image.alt || 'Image'}</strong>
              {image.credit && <span> — {image.credit}</span>}
              <span className="cd-help"> {image.reused ? '(already uploaded, reused)' : '(uploaded first)'}</span>
            </li>
          ))}
        </ul>
      )}
      <details className="cd-publish-html">
        <summary>The HTML that will be sent</summary>
        <pre>{preview.html}</pre>
      </details>
    </div>
  );
}

export function PublishDialog() {
  const close = usePublish((s) => s.closeDialog);
  const { targets, loadTargets, publications, job, jobMessages: messages } = usePublish();
  const problems = useLiveCheck((s) => s.problems);
  const draftId = useOpenDraft((s) => s.draftId);
  const draftStatus = useOpenDraft((s) => s.status);
  const shared = useNewsroom((s) => draftId !== null && isShared(s.status, draftId));
  // A shared piece is published by the desk's editors (who may also use this computer's targets); main refuses a
  // writer, so a writer is not offered this computer's targets for it, nor asked to set one up.
  const deskRole = useTeamDesk((s) => s.board?.role ?? '');
  const fromHere = !shared || deskRole === 'editor' || deskRole === 'admin';
  const [chosenTarget, setTargetId] = useState('');
  const [remoteStatus, setRemoteStatus] = useState<RemoteStatusChoice>('draft');
  // Bumped to run the dry run again, as after a publish: what is there has changed.
  const [generation, setGeneration] = useState(0);
  const [dryRun, setDryRun] = useState<{ key: string; preview: PublishPreview | null; error: string | null } | null>(
    null,
  );
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadTargets();
    dialog.current?.querySelector<HTMLElement>('select, button')?.focus();
  }, [loadTargets]);

  // Unless the writer chose: the target the piece already lives on, else the first one.
  const targetId =
    chosenTarget || (targets?.find((t) => publications.some((p) => p.targetId === t.id)) ?? targets?.[0])?.id || '';

  // A job already in the outbox for this piece (retrying, say) shows at once.
  useEffect(() => {
    if (!draftId) return;
    usePublish
      .getState()
      .loadStatus(draftId)
      .catch((err: unknown) => setError(messageOf(err)));
    useLiveCheck.getState().run();
  }, [draftId]);

  // The dry run, after saving what is on screen so the preview shows it.
  const previewKey = `${targetId}|${remoteStatus}|${generation}`;
  useEffect(() => {
    if (!draftId || !targetId) return;
    let live = true;
    const key = `${targetId}|${remoteStatus}|${generation}`;
    usePublish
      .getState()
      .preview(draftId, targetId, remoteStatus)
      .then(
        (preview) => live && setDryRun({ key, preview, error: null }),
        (err: unknown) => live && setDryRun({ key, preview: null, error: messageOf(err) }),
      );
    return () => {
      live = false;
    };
  }, [draftId, targetId, remoteStatus, generation]);
  const preview = dryRun?.key === previewKey ? dryRun.preview : null;
  const previewError = dryRun?.key === previewKey ? dryRun.error : null;

  // Follow this piece's job through the outbox's progress events.
  useEffect(() => usePublish.getState().followJobs(draftId), [draftId]);

  const finished = job !== null && (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled');
  const running = job !== null && !finished;

  // When the job ends: the piece may now be "published" (a new version), and the library shows where it lives.
  useEffect(() => {
    if (!finished || !draftId || !job) return;
    usePublish
      .getState()
      .settleJob(draftId, job.state === 'done')
      .catch((err: unknown) => setError(messageOf(err)));
  }, [finished, job, draftId]);

  const publish = async (): Promise<void> => {
    if (!draftId || !targetId) return;
    setError(null);
    setOutcome(null);
    try {
      const unchanged = await usePublish.getState().publish(draftId, targetId, remoteStatus);
      if (unchanged) setOutcome(unchanged);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const cancel = async (): Promise<void> => {
    try {
      await usePublish.getState().cancelJob();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const setUp = (): void => {
    close();
    useShell.getState().setView('targets');
  };

  const blockers = remoteStatus === 'publish' ? liveBlockers(problems ?? [], draftStatus) : [];
  const publication = publications.find((p) => p.targetId === targetId);
  const target = targets?.find((t) => t.id === targetId);

  return (
    <div className="cd-modal-backdrop">
      <div
        ref={dialog}
        className="cd-modal cd-publish"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cd-publish-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      >
        <div className="cd-modal-head">
          <h2 id="cd-publish-title">Publish this piece</h2>
          <button type="button" className="cd-icon-button" aria-label="Close the publish dialog" onClick={close}>
            ×
          </button>
        </div>
        {shared && draftId && <DeskPublish draftId={draftId} />}
        {shared && fromHere && <h3 className="cd-publish-here">From this computer</h3>}
        {!fromHere ? null : targets?.length === 0 ? (
          <div className="cd-empty">
            <p>No publish targets yet.</p>
            <button type="button" className="cd-button" onClick={setUp}>
              Set up WordPress, Ghost or a webhook…
            </button>
          </div>
        ) : (
          <>
            <div className="cd-publish-choices">
              <label className="cd-field">
                <span className="cd-label">Where</span>
                <select
                  className="cd-control"
                  value={targetId}
                  onChange={(e) => setTargetId(e.target.value)}
                  disabled={running}
                >
                  {targets?.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name} ({t.kind})
                    </option>
                  ))}
                </select>
              </label>
              <label className="cd-field">
                <span className="cd-label">How</span>
                <select
                  className="cd-control"
                  value={remoteStatus}
                  onChange={(e) => setRemoteStatus(e.target.value as RemoteStatusChoice)}
                  disabled={running}
                >
                  {STATUS_CHOICES.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {target && !target.secretSet && (
              <p className="cd-help is-error">
                “{target.name}” has no secret set.{' '}
                <button type="button" className="cd-link-button" onClick={setUp}>
                  Set it in Publishing
                </button>
              </p>
            )}
            {publication && !job && (
              <p className="cd-help">
                Published there {when(publication.publishedAt)}
                {publication.changedSince ? ', changed since.' : ', unchanged since.'}{' '}
                {publication.url && (
                  <a href={publication.url} target="_blank" rel="noreferrer">
                    Open in browser
                  </a>
                )}
              </p>
            )}
            {blockers.length > 0 && (
              <div className="cd-confirm" role="alert">
                <p>
                  The pre-publish check found {blockers.length === 1 ? 'an error' : `${blockers.length} errors`} that
                  stop a live publish:
                </p>
                <ul>
                  {blockers.map((p, i) => (
                    <li key={`${p.rule}-${i}`}>{p.message}</li>
                  ))}
                </ul>
                <p className="cd-help">
                  Fix them, or have an editor approve the piece in the Review tab (an editor may override there, with a
                  reason).
                </p>
              </div>
            )}
            <ErrorLine message={previewError} />
            {!job &&
              !outcome &&
              (preview ? (
                <PreviewView preview={preview} />
              ) : (
                !previewError && <p className="cd-help">Preparing the preview…</p>
              ))}
            {job && <PublishProgress job={job} messages={messages} />}
            {outcome && (
              <p role="status" className="cd-publish-outcome">
                {outcome}
              </p>
            )}
            <ErrorLine message={error} />
            <div className="cd-modal-actions">
              {running ? (
                <button
                  type="button"
                  className="cd-button"
                  onClick={() => void cancel()}
                  disabled={job.remoteId !== null}
                >
                  Cancel the publish
                </button>
              ) : finished || outcome ? (
                <button
                  type="button"
                  className="cd-button"
                  onClick={() => {
                    usePublish.getState().clearJob();
                    setOutcome(null);
                    setGeneration((g) => g + 1);
                  }}
                >
                  Back to the preview
                </button>
              ) : (
                <button
                  type="button"
                  className="cd-button is-primary"
                  onClick={() => void publish()}
                  disabled={!preview || blockers.length > 0 || !target?.secretSet}
                >
                  {preview?.action === 'update'
                    ? 'Update the post'
                    : preview?.action === 'unchanged'
                      ? 'Publish (nothing has changed)'
                      : 'Publish'}
                </button>
              )}
              <button type="button" className="cd-button" onClick={close}>
                {running ? 'Close (the publish goes on)' : 'Close'}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
