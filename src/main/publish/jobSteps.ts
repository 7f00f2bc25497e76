import { readFile } from 'node:fs/promises';
import type { StoreContext } from '../services/context';
import { loadDraft } from '../services/draftRecords';
import { imagePath } from '../services/images';
import { recordRevision } from '../services/revisions';
import type { PublishAdapter, RemoteMedia } from '../../publishing/adapter';
import { PublishError } from '../../publishing/http';
import { findPublication, loadJobRow, updateJobRow, type JobRow } from './outboxRows';
import { mediaWordsHash, markerOf, pieceHtml, type Piece, type PieceImage } from '../../publishing/piece';
import type { TargetRow } from './targets';

/**
 * The steps of a publish job, media → post → record, each written so that
 * running it again after a crash or a timeout does no harm. `Outbox.attempt`
 * runs them in order.
 */

export interface StepEnv {
  ctx: StoreContext;
  log: (line: string) => void;
  /** Called after each image is uploaded (tests kill the process there). */
  uploaded: (jobId: string, imageId: string) => Promise<void>;
}

export async function readImage(dataDir: string, image: PieceImage): Promise<Uint8Array> {
  try {
    return await readFile(imagePath(dataDir, image.id, image.mime));
  } catch (err) {
    throw new PublishError(
      'stop',
      `The image file ${image.id.slice(0, 12)}… is missing from the library folder (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
    );
  }
}

/** One image on the target: reused when its hash is already there, found again when an upload was cut off, uploaded otherwise. */
export async function ensureMedia(
  env: StepEnv,
  adapter: PublishAdapter,
  job: JobRow,
  image: PieceImage,
): Promise<RemoteMedia> {
  const { ctx } = env;
  const metaHash = mediaWordsHash(image);
  const row = await ctx.db.get<{ state: string; remote_id: string | null; url: string | null; meta_hash: string }>(
    'SELECT state, remote_id, url, meta_hash FROM publish_media WHERE target_id = ? AND image_id = ?',
    [job.target_id, image.id],
  );
  const save = (state: 'sending' | 'done', remote: RemoteMedia | null) =>
    ctx.db.transaction((tx) =>
      tx.run(
        `INSERT INTO publish_media (target_id, image_id, state, remote_id, url, meta_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(target_id, image_id) DO UPDATE SET state = excluded.state, remote_id = excluded.remote_id, url = excluded.url,
           meta_hash = excluded.meta_hash, updated_at = excluded.updated_at`,
        [job.target_id, image.id, state, remote?.remoteId ?? null, remote?.url ?? null, metaHash, ctx.now()],
      ),
    );
  if (row?.state === 'done' && row.remote_id && row.url) {
    const remote = { remoteId: row.remote_id, url: row.url };
    if (row.meta_hash !== metaHash && adapter.updateMedia) {
      await adapter.updateMedia(remote, image);
      await save('done', remote);
    }
    return remote;
  }
  if (row?.state === 'sending') {
    const found = await adapter.findMedia(image);
    if (found) {
      if (adapter.updateMedia) await adapter.updateMedia(found, image);
      await save('done', found);
      return found;
    }
  }
  const bytes = await readImage(ctx.dataDir, image);
  await save('sending', null);
  const remote = await adapter.uploadMedia(image, bytes);
  await save('done', remote);
  env.log(`publish job ${job.id}: uploaded image ${image.id.slice(0, 12)}`);
  await env.uploaded(job.id, image.id);
  return remote;
}

/** Creates or updates the post; a create that may already have arrived is looked for first, so a retry never makes a duplicate. */
export async function sendPost(
  env: StepEnv,
  adapter: PublishAdapter,
  job: JobRow,
  piece: Piece,
  media: Map<string, RemoteMedia>,
  bytes: Map<string, Uint8Array>,
): Promise<JobRow> {
  const { ctx } = env;
  const publication = await findPublication(ctx.db, job.draft_id, job.target_id);
  let previous = publication ? { remoteId: publication.remote_id, remoteUpdated: publication.remote_updated } : null;
  const marker = markerOf(piece.draftId);
  if (!previous) {
    // A create that may have arrived before a timeout, a reset or a crash (this job's or an earlier one's).
    const maybeSent = await ctx.db.get(
      `SELECT 1 FROM publish_jobs WHERE draft_id = ? AND target_id = ? AND post_sent_at IS NOT NULL AND (id = ? OR state <> 'done')`,
      [job.draft_id, job.target_id, job.id],
    );
    if (maybeSent) {
      const found = await adapter.findPost(piece, marker);
      if (found) previous = { remoteId: found.remoteId, remoteUpdated: null };
    }
  }
  if (!previous) await updateJobRow(ctx, job.id, { post_sent_at: ctx.now() });
  const hrefs = new Map([...media].map(([id, m]) => [id, m.url]));
  const remote = await adapter.savePost(
    {
      piece,
      status: job.remote_status,
      html: pieceHtml(piece, hrefs),
      media,
      marker,
      contentHash: job.content_hash,
      previous,
      deliveryId: job.id,
    },
    bytes,
  );
  env.log(`publish job ${job.id}: post ${previous ? 'updated' : 'created'} (${remote.remoteId})`);
  return updateJobRow(ctx, job.id, {
    step: 'record',
    remote_id: remote.remoteId,
    remote_url: remote.url,
    remote_slug: remote.slug,
    remote_updated: remote.remoteUpdated,
  });
}

/** The last step, one transaction: the publication, the draft's status on a live publish, the job done. */
export async function recordPublication(env: StepEnv, job: JobRow, target: TargetRow): Promise<JobRow> {
  const { ctx } = env;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO publications (draft_id, target_id, remote_id, url, slug, remote_status, remote_updated, content_hash, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(draft_id, target_id) DO UPDATE SET remote_id = excluded.remote_id, url = excluded.url, slug = excluded.slug,
         remote_status = excluded.remote_status, remote_updated = excluded.remote_updated, content_hash = excluded.content_hash,
         published_at = excluded.published_at`,
      [
        job.draft_id,
        job.target_id,
        job.remote_id!,
        job.remote_url ?? '',
        job.remote_slug ?? '',
        job.remote_status,
        job.remote_updated,
        job.content_hash,
        now,
      ],
    );
    if (job.remote_status === 'publish') {
      const draft = await loadDraft(tx, job.draft_id);
      if (draft.status !== 'published' && draft.trashedAt === null) {
        await tx.run(
          `UPDATE drafts SET status = 'published', version = version + 1, updated_at = ?, status_changed_at = ? WHERE id = ?`,
          [now, now, job.draft_id],
        );
        ctx.journal.bodyKept(tx, job.draft_id, draft.version, draft.version + 1);
        await tx.run(
          `INSERT INTO status_changes (draft_id, from_status, to_status, actor, role, note, created_at) VALUES (?, ?, 'published', ?, ?, ?, ?)`,
          [
            job.draft_id,
            draft.status,
            ctx.author(),
            ctx.role(),
            `Published to ${target.name}${job.remote_url ? `: ${job.remote_url}` : ''}`,
            now,
          ],
        );
        await recordRevision(tx, ctx, await loadDraft(tx, job.draft_id), 'publish', {
          name: `Published to ${target.name}`,
        });
      }
    }
    await tx.run(
      `UPDATE publish_jobs SET state = 'done', step = 'done', last_error = NULL, next_attempt_at = NULL, finished_at = ?, updated_at = ? WHERE id = ?`,
      [now, now, job.id],
    );
  });
  env.log(`publish job ${job.id} → ${target.name}: done, ${job.remote_url ?? ''}`);
  return loadJobRow(ctx.db, job.id);
}
