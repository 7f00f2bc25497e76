import { AppError } from '../../common/errors';
import type {
  Publication,
  PublishJob,
  PublishOutcome,
  PublishPreview,
  PublishStep,
  RemoteStatusChoice,
} from '../../common/publish';
import type { Queryable } from '../db/sqlite';
import { storageError } from '../db/storageErrors';
import type { StoreContext } from '../services/context';
import { loadDraft } from '../services/draftRecords';
import { assertMayPublishShared, assertReadyToGoLive } from '../services/workflow';
import type { RemoteMedia } from '../../publishing/adapter';
import { Connector } from './connect';
import { PublishError, type FetchLike } from '../../publishing/http';
import { ensureMedia, readImage, recordPublication, sendPost, type StepEnv } from './jobSteps';
import { loadPiece, pieceOfDraft } from './loadPiece';
import {
  findPublication,
  JOB_SELECT,
  loadJobRow,
  OPEN_STATES,
  updateJobRow,
  type JobRow,
  type PublicationRow,
} from './outboxRows';
import { contentHash, type Piece } from '../../publishing/piece';
import { previewPublish } from './preview';
import { redact } from '../../publishing/redact';
import { startScheduler } from './scheduler';
import type { SecretStore } from './secrets';
import { findTargetRow } from './targets';
import { isoTime } from '../../common/isoTime';

/**
 * The outbox: a publish is a row in `publish_jobs` that moves through
 * media → post → record → done (`jobSteps.ts`), each step committed before
 * the next. Retries, duplicates and the draft: docs/ARCHITECTURE.md,
 * "Publish: the outbox".
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

export class Outbox {
  private readonly connector: Connector;
  private readonly steps: StepEnv;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly inlineAttempts: number;
  private readonly backoff: (failures: number) => number;
  private readonly running = new Map<string, Promise<PublishJob>>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly deps: PublishDeps,
  ) {
    this.connector = new Connector({
      secrets: deps.secrets,
      fetch: deps.fetch ?? ((url, init) => globalThis.fetch(url, init)),
      timeoutMs: deps.timeoutMs ?? 30_000,
      wallClock: deps.wallClock ?? Date.now,
    });
    this.steps = {
      ctx,
      log: (line) => this.log(line),
      uploaded: async (jobId, imageId) => {
        if (deps.afterStep) await deps.afterStep(toJob(await loadJobRow(ctx.db, jobId)), `media:${imageId}`);
      },
    };
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.inlineAttempts = deps.inlineAttempts ?? 4;
    this.backoff = deps.backoff ?? ((n) => Math.min(2_000 * 2 ** Math.max(0, n - 1), 5 * 60_000));
  }

  testConnection(idOrName: string): Promise<{ ok: boolean; message: string }> {
    return this.connector.test(this.ctx.db, idOrName);
  }

  preview(draftId: string, idOrName: string, status: RemoteStatusChoice): Promise<PublishPreview> {
    return previewPublish(this.ctx, this.connector, this.deps.secrets, draftId, idOrName, status);
  }

  /** Queues a publish, or says there is nothing to send. A queued job for the same piece and target that has not started yet is replaced. */
  async enqueue(draftId: string, idOrName: string, status: RemoteStatusChoice): Promise<PublishOutcome> {
    const target = await findTargetRow(this.ctx.db, idOrName);
    const result = await this.ctx.db.transaction(async (tx): Promise<PublishOutcome> => {
      const draft = await loadDraft(tx, draftId);
      await assertMayPublishShared(tx, draftId, status === 'publish');
      const piece = await pieceOfDraft(tx, draft);
      if (status === 'publish') await assertReadyToGoLive(tx, draft);
      const hash = contentHash(piece, status);
      const open = await tx.get<JobRow>(
        `${JOB_SELECT} WHERE j.draft_id = ? AND j.target_id = ? AND j.state IN ${OPEN_STATES}`,
        [draftId, target.id],
      );
      if (open && (open.content_hash === hash || open.step !== 'media')) {
        return {
          kind: 'job',
          message:
            open.content_hash === hash
              ? 'This publish is already under way.'
              : 'An earlier publish of this piece is part-way through; it finishes first.',
          job: toJob(open),
        };
      }
      if (open) {
        await tx.run(
          `UPDATE publish_jobs SET state = 'cancelled', last_error = 'Replaced by a newer publish.', finished_at = ?, updated_at = ? WHERE id = ?`,
          [this.ctx.now(), this.ctx.now(), open.id],
        );
      }
      const publication = await findPublication(tx, draftId, target.id);
      if (publication?.content_hash === hash) {
        return {
          kind: 'unchanged',
          message: `Nothing to send: “${target.name}” already has exactly this version.`,
          publication: await this.toPublication(tx, publication, target.name),
        };
      }
      const id = this.ctx.newId();
      const now = this.ctx.now();
      await tx.run(
        `INSERT INTO publish_jobs (id, draft_id, target_id, remote_status, state, step, payload, content_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', 'media', ?, ?, ?, ?)`,
        [id, draftId, target.id, status, JSON.stringify(piece), hash, now, now],
      );
      return {
        kind: 'job',
        message: publication ? `Updating the post on “${target.name}”.` : `Publishing to “${target.name}”.`,
        job: toJob(await loadJobRow(tx, id)),
      };
    });
    this.log(
      result.kind === 'unchanged'
        ? `publish ${draftId} → ${target.name}: unchanged, nothing sent`
        : `publish ${draftId} → ${target.name}: job ${result.job.id} queued`,
    );
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
    return toJob(await loadJobRow(this.ctx.db, id));
  }

  async listJobs(filter: { draftId?: string | undefined; limit: number }): Promise<PublishJob[]> {
    const rows = filter.draftId
      ? await this.ctx.db.all<JobRow>(
          `${JOB_SELECT} WHERE j.draft_id = ? ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`,
          [filter.draftId, filter.limit],
        )
      : await this.ctx.db.all<JobRow>(`${JOB_SELECT} ORDER BY j.created_at DESC, j.rowid DESC LIMIT ?`, [filter.limit]);
    return rows.map(toJob);
  }

  private async toPublication(q: Queryable, row: PublicationRow, targetName: string): Promise<Publication> {
    const current = await loadPiece(q, row.draft_id).catch(() => null);
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
    const publications = await Promise.all(
      rows.map((row) => this.toPublication(this.ctx.db, row, row.target_name ?? '')),
    );
    const jobs = (
      await this.ctx.db.all<JobRow>(
        `${JOB_SELECT} WHERE j.draft_id = ? AND j.state IN ${OPEN_STATES} ORDER BY j.created_at`,
        [draftId],
      )
    ).map(toJob);
    return { publications, jobs };
  }

  /** Stops a job before its post goes out; once the post exists the result is still recorded. */
  async cancel(id: string): Promise<PublishJob> {
    await this.ctx.db.transaction(async (tx) => {
      const row = await tx.get<JobRow>('SELECT * FROM publish_jobs WHERE id = ?', [id]);
      if (!row) throw new AppError('not_found', 'There is no such publish job.');
      if (row.state === 'done' || row.state === 'failed' || row.state === 'cancelled') return;
      if (row.remote_id !== null) return; // the post exists: let the job record it
      await tx.run(
        `UPDATE publish_jobs SET state = 'cancelled', last_error = 'Cancelled.', finished_at = ?, updated_at = ? WHERE id = ?`,
        [this.ctx.now(), this.ctx.now(), id],
      );
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
    return startScheduler(
      () => this.resumeDue(),
      (line) => this.log(line),
      intervalMs,
    );
  }

  private async drive(id: string): Promise<PublishJob> {
    for (let attempt = 1; ; attempt++) {
      const job = await this.attempt(id);
      if (job.state !== 'retrying' || attempt >= this.inlineAttempts) return job;
      const row = (await this.ctx.db.get<JobRow>('SELECT next_attempt_at FROM publish_jobs WHERE id = ?', [id]))!;
      await this.sleep(Math.max(0, (row.next_attempt_at ?? 0) - this.ctx.now()));
    }
  }

  /** One attempt: the remaining steps in order, or the failure that stopped them. */
  private async attempt(id: string): Promise<PublishJob> {
    let row = await loadJobRow(this.ctx.db, id);
    if (row.state === 'done' || row.state === 'failed' || row.state === 'cancelled') return toJob(row);
    const target = await findTargetRow(this.ctx.db, row.target_id);
    let secret: string | null = null;
    try {
      const found = await this.connector.open(target);
      secret = found.secret;
      const adapter = found.adapter;
      row = await updateJobRow(this.ctx, id, { state: 'running' });
      this.emit(toJob(row), 'Publishing…');
      const piece = JSON.parse(row.payload) as Piece;
      const media = new Map<string, RemoteMedia>();
      const bytes = new Map<string, Uint8Array>();
      if (row.step === 'media' || row.step === 'post') {
        for (const image of piece.images) {
          if (adapter.media === 'inline') bytes.set(image.id, await readImage(this.ctx.dataDir, image));
          else media.set(image.id, await ensureMedia(this.steps, adapter, row, image));
        }
        if (row.step === 'media') {
          row = await updateJobRow(this.ctx, id, { step: 'post' });
          await this.deps.afterStep?.(toJob(row), 'media');
        }
      }
      if (row.step === 'post') {
        if ((await loadJobRow(this.ctx.db, id)).state === 'cancelled') return toJob(await loadJobRow(this.ctx.db, id));
        row = await sendPost(this.steps, adapter, row, piece, media, bytes);
        await this.deps.afterStep?.(toJob(row), 'post');
      }
      if (row.step === 'record') {
        row = await recordPublication(this.steps, row, target);
        await this.deps.afterStep?.(toJob(row), 'record');
      }
      const job = toJob(row);
      this.emit(job, describe(job));
      return job;
    } catch (err) {
      // A disk that refused a write (or a busy database) is passing trouble: the job waits and tries again.
      const storage = err instanceof PublishError ? null : storageError(err)?.message;
      const failure =
        err instanceof PublishError
          ? err
          : storage
            ? new PublishError('retry', storage)
            : new PublishError('stop', `Publishing failed: ${err instanceof Error ? err.message : String(err)}`);
      const message = redact(failure.message, [secret]);
      const current = await loadJobRow(this.ctx.db, id);
      const attempts = current.attempts + 1;
      const retry = failure.kind === 'retry';
      const next = retry ? this.ctx.now() + Math.max(failure.detail.retryAfterMs ?? 0, this.backoff(attempts)) : null;
      const updated = await updateJobRow(this.ctx, id, {
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
