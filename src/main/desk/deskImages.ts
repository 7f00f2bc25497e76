import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pieceFromDoc } from '../../common/collab/pieceDoc';
import { deskImageUrl, isImageId } from '../../common/desk/images';
import type { ImageMoves } from '../../common/desk/status';
import type { ImageRecord } from '../../common/domain';
import { imageIdsOf } from '../../common/nodes/figure/figureJson';
import type { StoreContext } from '../services/context';
import { imagePath, importImage } from '../services/images';
import type { SharedPiece } from './sharedPiece';

/**
 * The images a shared piece uses travel beside its words: uploaded once to
 * the desk (which checks their SHA-256), downloaded by the machines that
 * lack them (checked again here) and kept in the library for offline use.
 * A transfer that cannot happen now (offline, or the writer has not
 * uploaded yet) waits for the next save, sync or reconnection; it never
 * holds up the words.
 */

export type ImageTransferReport = ImageMoves;
/** Images moved by one client since it started: a sync reports what moved during it, in the background too. */
export type ImageTally = Pick<ImageMoves, 'uploaded' | 'downloaded'>;

export interface DeskImagesOptions {
  /** The desk's ws:// or wss:// address; images are at its http(s):// twin. */
  url: string;
  token: string;
  /** A refusal or a damaged image (not being offline, which only waits). */
  onProblem: (error: Error) => void;
  /** The draft took the top image that had waited for its bytes. */
  onArrived?: (draftId: string) => void;
  /** Per request (default two minutes: an image may be 50 MB on a slow line). */
  timeoutMs?: number;
  /** A piece with an image that could not move is tried again after this long, doubling up to 30 times it (default 2 s). */
  retryDelayMs?: number;
}

/** An image could not move: says what and why. It never fails the words' sync (see takeImageProblems). */
export class ImageTransferError extends Error {}

/** Takes the image problems out of a sync's problems (they are reported, not thrown) and returns their messages. */
export function takeImageProblems(problems: Error[]): string[] {
  const images = problems.filter((p) => p instanceof ImageTransferError);
  problems.splice(0, problems.length, ...problems.filter((p) => !(p instanceof ImageTransferError)));
  return images.map((p) => p.message);
}

const none = (): ImageTransferReport => ({ uploaded: 0, downloaded: 0, waiting: 0 });

function add(a: ImageTransferReport, b: ImageTransferReport): ImageTransferReport {
  return { uploaded: a.uploaded + b.uploaded, downloaded: a.downloaded + b.downloaded, waiting: a.waiting + b.waiting };
}

const short = (id: string): string => `${id.slice(0, 12)}…`;

async function reason(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  return `${response.status}${text ? `: ${text.slice(0, 300)}` : ''}`;
}

export class DeskImages {
  /** Images the desk is known to hold: asked about once per client. */
  private readonly onServer = new Set<string>();
  /** One piece's transfer at a time; a piece already waiting is not queued twice. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly waitingFor = new Map<string, Promise<ImageTransferReport>>();
  private stopped = false;
  /** Ends the requests under way when the client closes (an upload of 50 MB must not hold up quitting). */
  private readonly closing = new AbortController();
  private readonly moved: ImageTally = { uploaded: 0, downloaded: 0 };
  /** Pieces waiting to try their images again: the words may arrive before their writer's upload has finished. */
  private readonly retries = new Map<string, { timer: NodeJS.Timeout; delay: number }>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly options: DeskImagesOptions,
  ) {}

  /** Transfers the piece's images in the background; what fails is reported, never thrown. */
  soon(piece: SharedPiece): void {
    void this.transfer(piece);
  }

  tally(): ImageTally {
    return { ...this.moved };
  }

  /** Transfers the images of these pieces, after what is already queued; resolves with what moved since `since`, and what still waits. */
  async settle(pieces: SharedPiece[], since: ImageTally = this.tally()): Promise<ImageTransferReport> {
    const reports = await Promise.all(pieces.map((piece) => this.transfer(piece)));
    const { waiting } = reports.reduce(add, none());
    return {
      uploaded: this.moved.uploaded - since.uploaded,
      downloaded: this.moved.downloaded - since.downloaded,
      waiting,
    };
  }

  /** A piece no longer followed: its images are not tried again. */
  forget(name: string): void {
    const retry = this.retries.get(name);
    if (retry) clearTimeout(retry.timer);
    this.retries.delete(name);
  }

  /** Lets the transfer under way finish and starts no other: the client is closing its documents. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closing.abort();
    for (const { timer } of this.retries.values()) clearTimeout(timer);
    await this.queue;
  }

  private transfer(piece: SharedPiece): Promise<ImageTransferReport> {
    if (this.stopped || piece.document.destroyed) return Promise.resolve(none());
    const name = piece.document.name;
    const queued = this.waitingFor.get(name);
    if (queued) return queued;
    const run = this.queue.then(async () => {
      this.waitingFor.delete(name);
      if (this.stopped || piece.document.destroyed) return none();
      let report: ImageTransferReport;
      try {
        const { retry, ...moved } = await this.transferPiece(piece);
        report = moved;
        this.moved.uploaded += moved.uploaded;
        this.moved.downloaded += moved.downloaded;
        this.retryLater(piece, retry);
      } catch (err) {
        // Writing what arrived failed (the disk, the database): the words are untouched; the next sync tries again.
        this.options.onProblem(
          new ImageTransferError(
            `The images of a shared piece could not be moved: ${err instanceof Error ? err.message : String(err)}.`,
          ),
        );
        report = { ...none(), waiting: 1 };
      }
      return report;
    });
    this.waitingFor.set(name, run);
    this.queue = run;
    return run;
  }

  private retryLater(piece: SharedPiece, waiting: boolean): void {
    const name = piece.document.name;
    const before = this.retries.get(name);
    if (before) clearTimeout(before.timer);
    if (!waiting || this.stopped) {
      this.retries.delete(name);
      return;
    }
    const first = this.options.retryDelayMs ?? 2000;
    const delay = before ? Math.min(before.delay * 2, first * 30) : first;
    const timer = setTimeout(() => this.soon(piece), delay);
    // A waiting image never keeps the process alive (the command line exits after its sync).
    timer.unref();
    this.retries.set(name, { timer, delay });
  }

  /** `retry`: an image waits for the desk (offline, or not uploaded yet), not for someone to fix a refusal. */
  private async transferPiece(piece: SharedPiece): Promise<ImageTransferReport & { retry: boolean }> {
    // The document, not the draft: it names a top image the draft leaves out until its bytes are here.
    const shared = pieceFromDoc(piece.document.doc);
    const report = { ...none(), retry: false };
    let tookTopImage = false;
    for (const id of imageIdsOf(shared.body, shared.topImage)) {
      // The document comes from other machines: only a real image id becomes part of an address.
      if (!isImageId(id)) continue;
      const held = await this.ctx.db.get<Pick<ImageRecord, 'id' | 'mime'>>('SELECT id, mime FROM images WHERE id = ?', [
        id,
      ]);
      const moved = held
        ? await this.upload(piece.document.name, held)
        : await this.download(piece.document.name, id, shared.images[id] ?? {});
      if (moved === 'waiting' || moved === 'refused') {
        report.waiting += 1;
        report.retry ||= moved === 'waiting';
      } else if (moved === 'uploaded') report.uploaded += 1;
      else if (moved === 'downloaded') {
        report.downloaded += 1;
        tookTopImage ||= id === shared.topImage;
      }
    }
    if (tookTopImage) {
      // The draft left the top image out while its bytes were missing: read the document into it again.
      await piece.rereadDocument();
      const draftId = await piece.draftId();
      if (draftId) this.options.onArrived?.(draftId);
    }
    return report;
  }

  /** An image is asked for as one of a piece's: the desk applies the piece's rights to it. */
  private async request(document: string, id: string, init: RequestInit): Promise<Response | null> {
    try {
      return await fetch(deskImageUrl(this.options.url, id, document), {
        ...init,
        headers: { ...init.headers, Authorization: `Bearer ${this.options.token}` },
        signal: AbortSignal.any([this.closing.signal, AbortSignal.timeout(this.options.timeoutMs ?? 120_000)]),
      });
    } catch {
      // Offline, or the desk is down: the image waits for the next sync.
      return null;
    }
  }

  /**
   * Reports why an image did not move; a desk in trouble (5xx) is tried again
   * soon, a refusal on the next sync. A 409 is not a refusal: the piece's
   * words naming the image have not reached the desk yet, so it waits quietly.
   */
  private refused(what: string, detail: string, status = 0): 'refused' | 'waiting' {
    if (status === 409) return 'waiting';
    this.options.onProblem(
      new ImageTransferError(
        `${what} (${detail}). The piece's words are unaffected; the image is tried again on the next sync.`,
      ),
    );
    return status >= 500 ? 'waiting' : 'refused';
  }

  private async upload(
    document: string,
    image: Pick<ImageRecord, 'id' | 'mime'>,
  ): Promise<'uploaded' | 'held' | 'waiting' | 'refused'> {
    if (this.onServer.has(image.id)) return 'held';
    const asked = await this.request(document, image.id, { method: 'HEAD' });
    if (!asked) return 'waiting';
    if (asked.ok) {
      this.onServer.add(image.id);
      return 'held';
    }
    if (asked.status !== 404)
      return this.refused(
        `The desk would not say whether it has image ${short(image.id)}`,
        String(asked.status),
        asked.status,
      );
    let bytes: Buffer;
    try {
      bytes = await readFile(imagePath(this.ctx.dataDir, image.id, image.mime));
    } catch (err) {
      return this.refused(
        `Image ${short(image.id)} is in the library but its file could not be read`,
        (err as Error).message,
      );
    }
    const sent = await this.request(document, image.id, {
      method: 'PUT',
      body: new Uint8Array(bytes),
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    if (!sent) return 'waiting';
    if (!sent.ok) return this.refused(`The desk refused image ${short(image.id)}`, await reason(sent), sent.status);
    await sent.body?.cancel();
    this.onServer.add(image.id);
    return sent.status === 201 ? 'uploaded' : 'held';
  }

  private async download(
    document: string,
    id: string,
    words: { alt?: string; caption?: string; credit?: string; license?: string },
  ): Promise<'downloaded' | 'waiting' | 'refused'> {
    const got = await this.request(document, id, { method: 'GET' });
    if (!got) return 'waiting';
    // Not uploaded yet: its writer's next sync sends it.
    if (got.status === 404) return 'waiting';
    if (!got.ok) return this.refused(`The desk would not send image ${short(id)}`, await reason(got), got.status);
    let bytes: Buffer;
    try {
      bytes = Buffer.from(await got.arrayBuffer());
    } catch {
      return 'waiting';
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== id)
      return this.refused(`Image ${short(id)} arrived damaged and was not kept`, `its SHA-256 is ${short(sha256)}`);
    try {
      // The library's own import: the bytes are checked as an image and stored under their hash.
      await importImage(this.ctx, { name: `desk image ${short(id)}`, dataBase64: bytes.toString('base64'), ...words });
    } catch (err) {
      return this.refused(`Image ${short(id)} from the desk could not be kept`, (err as Error).message);
    }
    this.onServer.add(id);
    return 'downloaded';
  }
}
