import type * as Y from 'yjs';
import { insecureUrlProblem } from '../common/publish';
import type { PublishAdapter, RemoteMedia } from '../publishing/adapter';
import { adapterFor } from '../publishing/adapters';
import { PublishError, type FetchLike } from '../publishing/http';
import { mediaWordsHash, contentHash, markerOf, pieceHtml, type Piece, type PieceImage } from '../publishing/piece';
import { redact } from '../publishing/redact';
import { pieceOfDocument, type ImageSource } from './pieceSnapshot';
import type { PublishingStore, ServerPublishJob } from './publishing';
import { openSecret } from './secretBox';

/**
 * The desk's outbox: publishes shared pieces to the newsroom's targets with
 * the app's own adapters, so no laptop holds a CMS password and a scheduled
 * piece goes out with every app closed. Each job runs media → post → record;
 * a step repeated after a crash or a timeout does no harm (media by content,
 * a create that may have arrived is looked for first). One job at a time per
 * server; with PostgreSQL, instances share the queue and never take the same job.
 */

export interface DeskOutboxOptions {
  store: PublishingStore;
  images: ImageSource;
  /** The key secrets are sealed with (secretBox.ts). */
  key: Buffer;
  /** The piece's document as the desk holds it now. */
  openDocument(document: string): Promise<Y.Doc>;
  /**
   * The post is out, and the job is about to be marked done: the desk records what that means (the piece
   * published) first, so no one sees the job done with the piece not yet published. A throw leaves the job to
   * be tried again, which finds the post and updates it in place.
   */
  beforeDone?(job: ServerPublishJob): Promise<void>;
  /** A job moved (waiting again, done, failed): the desk tells the clients. */
  onChange(job: ServerPublishJob): Promise<void>;
  fetch?: FetchLike;
  now?: () => number;
  /** How often due jobs are looked for (scheduled ones included). */
  pollMs?: number;
  timeoutMs?: number;
  maxAttempts?: number;
}

const backoff = (attempts: number): number => Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);

export class DeskOutbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: DeskOutboxOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    await this.options.store.releaseRunningJobs();
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 5_000);
    this.kick();
  }

  /** Looks for due jobs now (after a new job, or a schedule that came due). */
  kick(): void {
    if (this.stopped) return;
    this.running = this.running.then(() => this.drain()).catch(() => undefined);
  }

  /** Waits for the job in hand, then stops taking new ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs every due job, one after another; resolves when none is due. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const job = await this.options.store.claimDueJob(new Date(this.now()).toISOString());
      if (!job) return;
      await this.run(job);
    }
  }

  private async run(job: ServerPublishJob): Promise<void> {
    const { store } = this.options;
    let secret: string | null = null;
    try {
      const found = await store.loadTarget(job.target);
      if (!found) throw new PublishError('stop', `The desk has no publish target named “${job.target}” (any more).`);
      const insecure = insecureUrlProblem(found.target.url);
      if (insecure) throw new PublishError('stop', insecure);
      secret = openSecret(this.options.key, found.sealedSecret);
      const adapter = adapterFor(found.target.kind, {
        url: found.target.url,
        user: found.target.user,
        secret,
        options: found.target.options,
        fetch: this.options.fetch ?? fetch,
        timeoutMs: this.options.timeoutMs ?? 30_000,
        now: this.now,
      });
      const doc = await this.options.openDocument(job.document);
      const at = new Date(this.now()).toISOString();
      const { piece, bytes } = await pieceOfDocument(doc, job.document, this.options.images, {
        createdAt: at,
        updatedAt: at,
      });
      const media = new Map<string, RemoteMedia>();
      if (adapter.media === 'upload') {
        for (const image of piece.images) media.set(image.id, await this.ensureMedia(adapter, job, image, bytes));
      }
      const post = await this.sendPost(adapter, job, piece, media, bytes);
      await store.saveSentPost(job.document, job.target, post);
      await this.options.beforeDone?.({ ...job, state: 'done', lastError: null, postUrl: post.url });
      await this.update(job, { state: 'done', lastError: null, postUrl: post.url });
    } catch (err) {
      const failure =
        err instanceof PublishError ? err : new PublishError('stop', err instanceof Error ? err.message : String(err));
      const attempts = job.attempts + 1;
      const retry = failure.kind === 'retry' && attempts < (this.options.maxAttempts ?? 20);
      const wait = Math.max(failure.detail.retryAfterMs ?? 0, backoff(attempts));
      await this.update(job, {
        state: retry ? 'waiting' : 'failed',
        attempts,
        runAt: retry ? new Date(this.now() + wait).toISOString() : job.runAt,
        lastError: redact(failure.message, [secret]),
      });
    }
  }

  private async update(
    job: ServerPublishJob,
    patch: Parameters<PublishingStore['updatePublishJob']>[1],
  ): Promise<void> {
    await this.options.store.updatePublishJob(job.id, patch);
    Object.assign(job, patch, { updatedAt: new Date(this.now()).toISOString() });
    await this.options.onChange(job);
  }

  /** An image on the target: reused by content, its words brought up to date, found again after a cut-off upload, or uploaded. */
  private async ensureMedia(
    adapter: PublishAdapter,
    job: ServerPublishJob,
    image: PieceImage,
    bytes: ReadonlyMap<string, Uint8Array>,
  ): Promise<RemoteMedia> {
    const { store } = this.options;
    const metaHash = mediaWordsHash(image);
    const sent = await store.sentMedia(job.target, image.id);
    if (sent) {
      const remote = { remoteId: sent.remoteId, url: sent.url };
      if (sent.metaHash !== metaHash && adapter.updateMedia) {
        await adapter.updateMedia(remote, image);
        await store.saveSentMedia(job.target, image.id, remote, metaHash);
      }
      return remote;
    }
    const found = job.attempts > 0 ? await adapter.findMedia(image) : null;
    if (found && adapter.updateMedia) await adapter.updateMedia(found, image);
    const remote = found ?? (await adapter.uploadMedia(image, bytes.get(image.id)!));
    await store.saveSentMedia(job.target, image.id, remote, metaHash);
    return remote;
  }

  private async sendPost(
    adapter: PublishAdapter,
    job: ServerPublishJob,
    piece: Piece,
    media: Map<string, RemoteMedia>,
    bytes: ReadonlyMap<string, Uint8Array>,
  ) {
    const { store } = this.options;
    const marker = markerOf(piece.draftId);
    const sent = await store.sentPost(job.document, job.target);
    let previous = sent ? { remoteId: sent.remoteId, remoteUpdated: sent.remoteUpdated } : null;
    if (!previous) {
      // A create that may have arrived before a timeout or a crash, or one the piece's writer made from the app.
      const found = await adapter.findPost(piece, marker);
      if (found) previous = { remoteId: found.remoteId, remoteUpdated: found.remoteUpdated };
      else await this.options.store.updatePublishJob(job.id, { postSentAt: new Date(this.now()).toISOString() });
    }
    const hrefs = new Map([...media].map(([id, m]) => [id, m.url]));
    const remote = await adapter.savePost(
      {
        piece,
        status: job.remoteStatus,
        html: pieceHtml(piece, hrefs),
        media,
        marker,
        contentHash: contentHash(piece, job.remoteStatus),
        previous,
        deliveryId: job.id,
      },
      bytes,
    );
    return { remoteId: remote.remoteId, url: remote.url, remoteUpdated: remote.remoteUpdated };
  }
}
