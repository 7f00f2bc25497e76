import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Draft, ImageRecord } from '../../common/domain';
import { AppError } from '../../common/errors';
import type { Publication, PublishJob, PublishJobState, PublishOutcome, PublishPreview, PublishStep, RemoteStatusChoice } from '../../common/publish';
import type { Queryable } from '../db/sqlite';
import { storageError } from '../db/storageErrors';
import type { StoreContext } from '../services/context';
import { loadDraft } from '../services/draftRecords';
import { imagePath } from '../services/images';
import { recordRevision } from '../services/revisions';
import { assertReadyToGoLive } from '../services/workflow';
import type { AdapterConfig, PostRequest, PublishAdapter, RemoteMedia } from './adapter';
import { GhostAdapter } from './ghost';
import { HttpClient, PublishError, type FetchLike } from './http';
import { captionHtml, contentHash, imageIdsOf, markerOf, pieceHtml, pieceOf, type Piece, type PieceImage } from './piece';
import { redact } from './redact';
import { secretEnvName, type SecretStore } from './secrets';
import { findTargetRow, insecureUrlProblem, type TargetRow } from './targets';
import { WebhookAdapter } from './webhook';
import { WordPressAdapter } from './wordpress';
import { isoTime } from '../../common/isoTime';

/**
 * The outbox: a publish is a row in `publish_jobs` that moves through
 * media → post → record → done, each step committed before the next.
 * Retries, duplicates and the draft: docs/ARCHITECTURE.md, "Publish: the outbox".
 */

export interface PublishDeps {
  secrets: SecretStore;
  fetch?: FetchLike;
  /** Wall-clock time for tokens and signatures; the store's clock may be a test's. */
  wallClock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Deadline of one HTTP request, answer included (default 30 s). */
  timeoutMs?: number;
  /** Attempts made right away before a job is left to wait for `resumeDue` (default 4). */
  inlineAttempts?: number;
  /** Delay before attempt n+1 after n failures (default 2 s, doubling, at most 5 min). */
  backoff?: (failures: number) => number;
  log?: (line: string) => void;
  onEvent?: (event: PublishProgress) => void;
  /** For tests that kill the process between steps. */
  afterStep?: (job: PublishJob, finished: PublishStep | `media:${string}`) => Promise<void> | void;
}

export interface PublishProgress {
  type: 'publish.progress';
  job: PublishJob;
  message: string;
}

interface JobRow {
  id: string;
  draft_id: string;
  target_id: string;
  remote_status: RemoteStatusChoice;
  state: PublishJobState;
  step: PublishStep;
  payload: string;
  content_hash: string;
  post_sent_at: number | null;
  remote_id: string | null;
  remote_url: string | null;
  remote_slug: string | null;
  remote_updated: string | null;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  target_name?: string;
}

interface PublicationRow {
  draft_id: string;
  target_id: string;
  remote_id: string;
  url: string;
  slug: string;
  remote_status: string;
  remote_updated: string | null;
  content_hash: string;
  published_at: number;
  target_name?: string;
}

const OPEN_STATES = `('queued','running','retrying')`;

function toJob(row: JobRow): PublishJob {
  return {
    id: row.id,
    draftId: row.draft_id,
    targetId: row.target_id,
    targetName: row.target_name ?? '',
    remoteStatus: row.remote_status,
    state: row.state,
    step: row.step,
    attempts: row.attempts,
    nextAttemptAt: isoTime(row.next_attempt_at),
    lastError: row.last_error,
    remoteId: row.remote_id,
    url: row.remote_url,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    finishedAt: isoTime(row.finished_at),
  };
}

const JOB_SELECT = 'SELECT j.*, t.name AS target_name FROM publish_jobs j JOIN publish_targets t ON t.id = j.target_id';

export class Outbox {
  private readonly fetch: FetchLike;
  private readonly wallClock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly timeoutMs: number;
  private readonly inlineAttempts: number;
  private readonly backoff: (failures: number) => number;
  private readonly running = new Map<string, Promise<PublishJob>>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly deps: PublishDeps,
  ) {
    this.fetch = deps.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.wallClock = deps.wallClock ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.timeoutMs = deps.timeoutMs ?? 30_000;
    this.inlineAttempts = deps.inlineAttempts ?? 4;
    this.backoff = deps.backoff ?? ((n) => Math.min(2_000 * 2 ** Math.max(0, n - 1), 5 * 60_000));
  }

  /** The adapter for a target, with its secret; a missing secret stops here with the way to set one. */
  async adapterFor(target: TargetRow): Promise<{ adapter: PublishAdapter; secret: string }> {
    // A target saved before plain http:// was refused is checked again here, before its secret is read.
    const insecure = insecureUrlProblem(target.url);
    if (insecure) throw new PublishError('stop', insecure);
    const secret = await this.deps.secrets.get(target.name);
    if (secret === null) {
      throw new PublishError(
        'stop',
        `No secret is set for the target “${target.name}”. In the app, add it in the target's settings; on the command line, set ${secretEnvName(target.name)}.`,
      );
    }
    const config: AdapterConfig = {
      url: target.url,
      user: target.user,
      secret,
      options: JSON.parse(target.options) as Record<string, unknown>,
      http: new HttpClient({ fetch: this.fetch, timeoutMs: this.timeoutMs, service: { wordpress: 'WordPress', ghost: 'Ghost', webhook: 'The webhook' }[target.kind] }),
      now: this.wallClock,
    };
    const adapter = target.kind === 'wordpress' ? new WordPressAdapter(config) : target.kind === 'ghost' ? new GhostAdapter(config) : new WebhookAdapter(config);
    return { adapter, secret };
  }

  async testConnection(idOrName: string): Promise<{ ok: boolean; message: string }> {
    const target = await findTargetRow(this.ctx.db, idOrName);
    let secret: string | null = null;
    try {
      const found = await this.adapterFor(target);
      secret = found.secret;
      return { ok: true, message: redact(await found.adapter.testConnection(), [secret]) };
    } catch (err) {
      if (err instanceof AppError) throw err;
      const message = err instanceof PublishError ? err.message : `The test failed: ${err instanceof Error ? err.message : String(err)}`;
      return { ok: false, message: redact(message, [secret]) };
    }
  }

  private async snapshot(q: Queryable, draftId: string): Promise<Piece> {
    return this.pieceWithImages(q, await loadDraft(q, draftId));
  }

  private async pieceWithImages(q: Queryable, draft: Draft): Promise<Piece> {
    if (draft.trashedAt !== null) throw new AppError('trashed', 'This draft is in the trash; restore it before publishing.');
    const ids = imageIdsOf(draft.body, draft.topImage);
    const images = ids.length
      ? await q.all<ImageRecord>(`SELECT id, mime, alt, caption, credit, license FROM images WHERE id IN (${ids.map(() => '?').join(',')})`, ids)
      : [];
    const missing = ids.filter((id) => !images.some((i) => i.id === id));
    if (missing.length > 0) throw new AppError('not_found', `This piece uses an image that is not in the library (${missing[0]!.slice(0, 12)}…); remove the figure or import the image again.`);
    return pieceOf(draft, images);
  }

  private publicationRow(q: Queryable, draftId: string, targetId: string): Promise<PublicationRow | undefined> {
    return q.get<PublicationRow>('SELECT * FROM publications WHERE draft_id = ? AND target_id = ?', [draftId, targetId]);
  }

  /** The dry run: what would be sent, without sending anything. */
  async preview(draftId: string, idOrName: string, status: RemoteStatusChoice): Promise<PublishPreview> {
    const target = await findTargetRow(this.ctx.db, idOrName);
    const piece = await this.snapshot(this.ctx.db, draftId);
    const hash = contentHash(piece, status);
    const publication = await this.publicationRow(this.ctx.db, draftId, target.id);
    const mediaRows = await this.ctx.db.all<{ image_id: string; remote_id: string; url: string }>(
      `SELECT image_id, remote_id, url FROM publish_media WHERE target_id = ? AND state = 'done'`,
      [target.id],
    );
    const media = new Map<string, RemoteMedia>(mediaRows.map((m) => [m.image_id, { remoteId: m.remote_id, url: m.url }]));
    const hrefs = new Map(piece.images.map((i) => [i.id, media.get(i.id)?.url ?? `(uploaded copy of ${i.id.slice(0, 12)}…)`]));
    const request: PostRequest = {
      piece,
      status,
      html: pieceHtml(piece, hrefs),
      media,
      marker: markerOf(piece.draftId),
      contentHash: hash,
      previous: publication ? { remoteId: publication.remote_id, remoteUpdated: publication.remote_updated } : null,
      deliveryId: '(assigned when sent)',
    };
    const { adapter } = await this.adapterFor(target).catch(() => ({ adapter: this.offlineAdapter(target) }));
    const warnings: string[] = [];
    if (target.kind === 'ghost' && status === 'review') warnings.push('Ghost has no review state: the post will wait there as a draft.');
    if (target.kind === 'ghost' && piece.dek.length > 300) warnings.push('Ghost takes at most 300 characters of excerpt: the dek will be shortened.');
    if (!piece.headline) warnings.push('The piece has no headline.');
    const insecure = insecureUrlProblem(target.url);
    if (insecure) warnings.push(insecure);
    if ((await this.deps.secrets.get(target.name)) === null) warnings.push(`No secret is set for “${target.name}”; publishing will stop until one is.`);
    return {
      target: { name: target.name, kind: target.kind, url: target.url },
      remoteStatus: status,
      action: publication?.content_hash === hash ? 'unchanged' : publication ? 'update' : 'create',
      fields: adapter.previewFields(request),
      html: request.html,
      images: piece.images.map((i) => ({ id: i.id, alt: i.alt, caption: i.caption, credit: i.credit, reused: media.has(i.id) })),
      warnings,
    };
  }

  /** An adapter with a placeholder secret: only to describe the fields in a preview. */
  private offlineAdapter(target: TargetRow): PublishAdapter {
    const config: AdapterConfig = {
      url: target.url,
      user: target.user,
      secret: '0:00',
      options: JSON.parse(target.options) as Record<string, unknown>,
      http: new HttpClient({ fetch: this.fetch, timeoutMs: this.timeoutMs, service: target.kind }),
      now: this.wallClock,
    };
    return target.kind === 'wordpress' ? new WordPressAdapter(config) : target.kind === 'ghost' ? new GhostAdapter(config) : new WebhookAdapter(config);
  }

  /** Queues a publish, or says there is nothing to send. A queued job for the same piece and target that has not started yet is replaced. */
  async enqueue(draftId: string, idOrName: string, status: RemoteStatusChoice): Promise<PublishOutcome> {
    const target = await findTargetRow(this.ctx.db, idOrName);
    const result = await this.ctx.db.transaction(async (tx): Promise<PublishOutcome> => {
      const draft = await loadDraft(tx, draftId);
      const piece = await this.pieceWithImages(tx, draft);
      if (status === 'publish') await assertReadyToGoLive(tx, draft);
      const hash = contentHash(piece, status);
      const open = await tx.get<JobRow>(`${JOB_SELECT} WHERE j.draft_id = ? AND j.target_id = ? AND j.state IN ${OPEN_STATES}`, [draftId, target.id]);
      if (open && (open.content_hash === hash || open.step !== 'media')) {
        return { kind: 'job', message: open.content_hash === hash ? 'This publish is already under way.' : 'An earlier publish of this piece is part-way through; it finishes first.', job: toJob(open) };
      }
      if (open) {
        await tx.run(`UPDATE publish_jobs SET state = 'cancelled', last_error = 'Replaced by a newer publish.', finished_at = ?, updated_at = ? WHERE id = ?`, [this.ctx.now(), this.ctx.now(), open.id]);
      }
      const publication = await this.publicationRow(tx, draftId, target.id);
      if (publication?.content_hash === hash) {
        return { kind: 'unchanged', message: `Nothing to send: “${target.name}” already has exactly this version.`, publication: await this.toPublication(tx, publication, target.name) };
      }
      const id = this.ctx.newId();
      const now = this.ctx.now();
      await tx.run(
        `INSERT INTO publish_jobs (id, draft_id, target_id, remote_status, state, step, payload, content_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', 'media', ?, ?, ?, ?)`,
        [id, draftId, target.id, status, JSON.stringify(piece), hash, now, now],
      );
      return { kind: 'job', message: publication ? `Updating the post on “${target.name}”.` : `Publishing to “${target.name}”.`, job: toJob((await tx.get<JobRow>(`${JOB_SELECT} WHERE j.id = ?`, [id]))!) };
    });
    this.log(result.kind === 'unchanged' ? `publish ${draftId} → ${target.name}: unchanged, nothing sent` : `publish ${draftId} → ${target.name}: job ${result.job.id} queued`);
    return result;
  }

  /** Enqueues and runs to the end of the inline attempts: done, failed, or retrying later. */
  async publish(draftId: string, idOrName: string, status: RemoteStatusChoice): Promise<PublishOutcome> {
    const outcome = await this.enqueue(draftId, idOrName, status);
    if (outcome.kind === 'unchanged') return outcome;
    const job = await this.run(outcome.job.id);
    return { kind: 'job', message: describe(job), job };
  }

  async getJob(id: string): Promise<PublishJob> {
    const row = await this.ctx.db.get<JobRow>(`${JOB_SELECT} WHERE j.id = ?`, [id]);
    if (!row) throw new AppError('not_found', 'There is no such publish job.');
    return toJob(row);
  }

  async listJobs(filter: { draftId?: string | undefined; limit: number }): Promise<PublishJob[]> {
    const rows = filter.draftId
      ? await this.ctx.db.all<JobRow>(`${JOB_SELECT} WHERE j.draft_id = ? ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`, [filter.draftId, filter.limit])
      : await this.ctx.db.all<JobRow>(`${JOB_SELECT} ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`, [filter.limit]);
    return rows.map(toJob);
  }

  private async toPublication(q: Queryable, row: PublicationRow, targetName: string): Promise<Publication> {
    const current = await this.snapshot(q, row.draft_id).catch(() => null);
    return {
      draftId: row.draft_id,
      targetId: row.target_id,
      targetName,
      remoteId: row.remote_id,
      url: row.url,
      slug: row.slug,
      remoteStatus: row.remote_status,
      publishedAt: isoTime(row.published_at),
      changedSince: current ? contentHash(current, statusChoice(row.remote_status)) !== row.content_hash : true,
    };
  }

  /** Where a draft is published and whether it changed since, with its open jobs. */
  async status(draftId: string): Promise<{ publications: Publication[]; jobs: PublishJob[] }> {
    const rows = await this.ctx.db.all<PublicationRow>(
      'SELECT p.*, t.name AS target_name FROM publications p JOIN publish_targets t ON t.id = p.target_id WHERE p.draft_id = ? ORDER BY t.name_key',
      [draftId],
    );
    const publications = await Promise.all(rows.map((row) => this.toPublication(this.ctx.db, row, row.target_name ?? '')));
    const jobs = (await this.ctx.db.all<JobRow>(`${JOB_SELECT} WHERE j.draft_id = ? AND j.state IN ${OPEN_STATES} ORDER BY j.created_at`, [draftId])).map(toJob);
    return { publications, jobs };
  }

  /** Stops a job before its post goes out; once the post exists the result is still recorded. */
  async cancel(id: string): Promise<PublishJob> {
    await this.ctx.db.transaction(async (tx) => {
      const row = await tx.get<JobRow>('SELECT * FROM publish_jobs WHERE id = ?', [id]);
      if (!row) throw new AppError('not_found', 'There is no such publish job.');
      if (row.state === 'done' || row.state === 'failed' || row.state === 'cancelled') return;
      if (row.remote_id !== null) return; // the post exists: let the job record it
      await tx.run(`UPDATE publish_jobs SET state = 'cancelled', last_error = 'Cancelled.', finished_at = ?, updated_at = ? WHERE id = ?`, [this.ctx.now(), this.ctx.now(), id]);
    });
    const job = await this.getJob(id);
    this.emit(job, job.state === 'cancelled' ? 'Cancelled.' : 'Too late to cancel: the post is already there.');
    return job;
  }

  /** Runs a job (once at a time per job in this process) through its inline attempts. */
  run(id: string): Promise<PublishJob> {
    const existing = this.running.get(id);
    if (existing) return existing;
    const promise = this.drive(id).finally(() => this.running.delete(id));
    this.running.set(id, promise);
    return promise;
  }

  /** Jobs that were waiting, or interrupted by a crash or a quit: run those that are due. */
  async resumeDue(now = this.ctx.now()): Promise<PublishJob[]> {
    const rows = await this.ctx.db.all<{ id: string }>(
      `SELECT id FROM publish_jobs WHERE state IN ${OPEN_STATES} AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY created_at`,
      [now],
    );
    const done: PublishJob[] = [];
    for (const { id } of rows) done.push(await this.run(id));
    return done;
  }

  /** The app's timer: resumes due jobs every `intervalMs`; returns the function that stops it. */
  startScheduler(intervalMs = 15_000): () => void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.resumeDue()
        .catch((err: unknown) => this.log(`outbox: ${redact(err instanceof Error ? err.message : String(err))}`))
        .finally(() => (busy = false));
    }, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  private async drive(id: string): Promise<PublishJob> {
    for (let attempt = 1; ; attempt++) {
      const job = await this.attempt(id);
      if (job.state !== 'retrying' || attempt >= this.inlineAttempts) return job;
      const row = (await this.ctx.db.get<JobRow>('SELECT next_attempt_at FROM publish_jobs WHERE id = ?', [id]))!;
      await this.sleep(Math.max(0, (row.next_attempt_at ?? 0) - this.ctx.now()));
    }
  }

  private async loadRow(id: string): Promise<JobRow> {
    const row = await this.ctx.db.get<JobRow>(`${JOB_SELECT} WHERE j.id = ?`, [id]);
    if (!row) throw new AppError('not_found', 'There is no such publish job.');
    return row;
  }

  private async update(id: string, fields: Partial<Omit<JobRow, 'id'>>): Promise<JobRow> {
    const entries = Object.entries({ ...fields, updated_at: this.ctx.now() });
    await this.ctx.db.transaction((tx) => tx.run(`UPDATE publish_jobs SET ${entries.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`, [...entries.map(([, v]) => v as never), id]));
    return this.loadRow(id);
  }

  /** One attempt: the remaining steps in order, or the failure that stopped them. */
  private async attempt(id: string): Promise<PublishJob> {
    let row = await this.loadRow(id);
    if (row.state === 'done' || row.state === 'failed' || row.state === 'cancelled') return toJob(row);
    const target = await findTargetRow(this.ctx.db, row.target_id);
    let secret: string | null = null;
    try {
      const found = await this.adapterFor(target);
      secret = found.secret;
      const adapter = found.adapter;
      row = await this.update(id, { state: 'running' });
      this.emit(toJob(row), 'Publishing…');
      const piece = JSON.parse(row.payload) as Piece;
      const media = new Map<string, RemoteMedia>();
      const bytes = new Map<string, Uint8Array>();
      if (row.step === 'media' || row.step === 'post') {
        for (const image of piece.images) {
          if (adapter.media === 'inline') bytes.set(image.id, await this.readImage(image));
          else media.set(image.id, await this.ensureMedia(adapter, row, image));
        }
        if (row.step === 'media') {
          row = await this.update(id, { step: 'post' });
          await this.deps.afterStep?.(toJob(row), 'media');
        }
      }
      if (row.step === 'post') {
        if ((await this.loadRow(id)).state === 'cancelled') return toJob(await this.loadRow(id));
        row = await this.sendPost(adapter, row, piece, media, bytes);
        await this.deps.afterStep?.(toJob(row), 'post');
      }
      if (row.step === 'record') {
        row = await this.record(row, target);
        await this.deps.afterStep?.(toJob(row), 'record');
      }
      const job = toJob(row);
      this.emit(job, describe(job));
      return job;
    } catch (err) {
      // A disk that refused a write (or a busy database) is passing trouble: the job waits and tries again.
      const storage = err instanceof PublishError ? null : storageError(err)?.message;
      const failure =
        err instanceof PublishError ? err : storage ? new PublishError('retry', storage) : new PublishError('stop', `Publishing failed: ${err instanceof Error ? err.message : String(err)}`);
      const message = redact(failure.message, [secret]);
      const current = await this.loadRow(id);
      const attempts = current.attempts + 1;
      const retry = failure.kind === 'retry';
      const next = retry ? this.ctx.now() + Math.max(failure.detail.retryAfterMs ?? 0, this.backoff(attempts)) : null;
      const updated = await this.update(id, {
        state: current.state === 'cancelled' ? 'cancelled' : retry ? 'retrying' : 'failed',
        attempts,
        next_attempt_at: next,
        last_error: message,
        ...(!retry && { finished_at: this.ctx.now() }),
      });
      const job = toJob(updated);
      this.log(`publish job ${id} → ${target.name}: ${job.state}: ${message}`);
      this.emit(job, message);
      return job;
    }
  }

  private async readImage(image: PieceImage): Promise<Uint8Array> {
    try {
      return await readFile(imagePath(this.ctx.dataDir, image.id, image.mime));
    } catch (err) {
      throw new PublishError('stop', `The image file ${image.id.slice(0, 12)}… is missing from the library folder (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
    }
  }

  /** One image on the target: reused when its hash is already there, found again when an upload was cut off, uploaded otherwise. */
  private async ensureMedia(adapter: PublishAdapter, job: JobRow, image: PieceImage): Promise<RemoteMedia> {
    const metaHash = createHash('sha256').update(`${image.alt}\n${captionHtml(image)}`).digest('hex');
    const row = await this.ctx.db.get<{ state: string; remote_id: string | null; url: string | null; meta_hash: string }>(
      'SELECT state, remote_id, url, meta_hash FROM publish_media WHERE target_id = ? AND image_id = ?',
      [job.target_id, image.id],
    );
    const save = (state: 'sending' | 'done', remote: RemoteMedia | null) =>
      this.ctx.db.transaction((tx) =>
        tx.run(
          `INSERT INTO publish_media (target_id, image_id, state, remote_id, url, meta_hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(target_id, image_id) DO UPDATE SET state = excluded.state, remote_id = excluded.remote_id, url = excluded.url,
             meta_hash = excluded.meta_hash, updated_at = excluded.updated_at`,
          [job.target_id, image.id, state, remote?.remoteId ?? null, remote?.url ?? null, metaHash, this.ctx.now()],
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
    const bytes = await this.readImage(image);
    await save('sending', null);
    const remote = await adapter.uploadMedia(image, bytes);
    await save('done', remote);
    this.log(`publish job ${job.id}: uploaded image ${image.id.slice(0, 12)}`);
    await this.deps.afterStep?.(toJob(await this.loadRow(job.id)), `media:${image.id}`);
    return remote;
  }

  private async sendPost(adapter: PublishAdapter, job: JobRow, piece: Piece, media: Map<string, RemoteMedia>, bytes: Map<string, Uint8Array>): Promise<JobRow> {
    const publication = await this.publicationRow(this.ctx.db, job.draft_id, job.target_id);
    let previous = publication ? { remoteId: publication.remote_id, remoteUpdated: publication.remote_updated } : null;
    const marker = markerOf(piece.draftId);
    if (!previous) {
      // A create that may have arrived before a timeout, a reset or a crash (this job's or an earlier one's).
      const maybeSent = await this.ctx.db.get(
        `SELECT 1 FROM publish_jobs WHERE draft_id = ? AND target_id = ? AND post_sent_at IS NOT NULL AND (id = ? OR state <> 'done')`,
        [job.draft_id, job.target_id, job.id],
      );
      if (maybeSent) {
        const found = await adapter.findPost(piece, marker);
        if (found) previous = { remoteId: found.remoteId, remoteUpdated: null };
      }
    }
    if (!previous) await this.update(job.id, { post_sent_at: this.ctx.now() });
    const hrefs = new Map([...media].map(([id, m]) => [id, m.url]));
    const remote = await adapter.savePost(
      { piece, status: job.remote_status, html: pieceHtml(piece, hrefs), media, marker, contentHash: job.content_hash, previous, deliveryId: job.id },
      bytes,
    );
    this.log(`publish job ${job.id}: post ${previous ? 'updated' : 'created'} (${remote.remoteId})`);
    return this.update(job.id, { step: 'record', remote_id: remote.remoteId, remote_url: remote.url, remote_slug: remote.slug, remote_updated: remote.remoteUpdated });
  }

  /** The last step, one transaction: the publication, the draft's status on a live publish, the job done. */
  private async record(job: JobRow, target: TargetRow): Promise<JobRow> {
    const now = this.ctx.now();
    await this.ctx.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO publications (draft_id, target_id, remote_id, url, slug, remote_status, remote_updated, content_hash, published_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(draft_id, target_id) DO UPDATE SET remote_id = excluded.remote_id, url = excluded.url, slug = excluded.slug,
           remote_status = excluded.remote_status, remote_updated = excluded.remote_updated, content_hash = excluded.content_hash,
           published_at = excluded.published_at`,
        [job.draft_id, job.target_id, job.remote_id!, job.remote_url ?? '', job.remote_slug ?? '', job.remote_status, job.remote_updated, job.content_hash, now],
      );
      if (job.remote_status === 'publish') {
        const draft = await loadDraft(tx, job.draft_id);
        if (draft.status !== 'published' && draft.trashedAt === null) {
          await tx.run(`UPDATE drafts SET status = 'published', version = version + 1, updated_at = ?, status_changed_at = ? WHERE id = ?`, [now, now, job.draft_id]);
          this.ctx.journal.bodyKept(tx, job.draft_id, draft.version, draft.version + 1);
          await tx.run(
            `INSERT INTO status_changes (draft_id, from_status, to_status, actor, role, note, created_at) VALUES (?, ?, 'published', ?, ?, ?, ?)`,
            [job.draft_id, draft.status, this.ctx.author(), this.ctx.role(), `Published to ${target.name}${job.remote_url ? `: ${job.remote_url}` : ''}`, now],
          );
          await recordRevision(tx, this.ctx, await loadDraft(tx, job.draft_id), 'publish', { name: `Published to ${target.name}` });
        }
      }
      await tx.run(`UPDATE publish_jobs SET state = 'done', step = 'done', last_error = NULL, next_attempt_at = NULL, finished_at = ?, updated_at = ? WHERE id = ?`, [now, now, job.id]);
    });
    this.log(`publish job ${job.id} → ${target.name}: done, ${job.remote_url ?? ''}`);
    return this.loadRow(job.id);
  }

  private emit(job: PublishJob, message: string): void {
    this.deps.onEvent?.({ type: 'publish.progress', job, message });
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}

function statusChoice(remoteStatus: string): RemoteStatusChoice {
  return remoteStatus === 'publish' || remoteStatus === 'review' ? remoteStatus : 'draft';
}

export function describe(job: PublishJob): string {
  switch (job.state) {
    case 'done':
      return `Published: ${job.url ?? job.remoteId ?? ''}`.trim();
    case 'retrying':
      return `Waiting to try again${job.nextAttemptAt ? ` at ${job.nextAttemptAt}` : ''}: ${job.lastError ?? ''}`;
    case 'failed':
      return `Stopped: ${job.lastError ?? 'unknown reason'}`;
    case 'cancelled':
      return 'Cancelled.';
    default:
      return 'Publishing…';
  }
}
