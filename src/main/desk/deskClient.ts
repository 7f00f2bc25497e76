import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import {
  DESK_INDEX_DOCUMENT,
  DESK_INDEX_MAP,
  DESK_REMOVED_MAP,
  readWelcome,
  type DeskIndexEntry,
} from '../../common/desk/protocol';
import { isDeskChanged } from '../../common/desk/workflow';
import { AppError } from '../../common/errors';
import type { Transaction } from '../db/sqlite';
import type { StoreContext } from '../services/context';
import { DeskDocument } from './deskDocument';
import { DeskImages, type ImageTally, type ImageTransferReport } from './deskImages';
import { SharedPiece } from './sharedPiece';

/**
 * The app's one connection to the desk: one websocket multiplexing the
 * desk index and every shared piece (a Hocuspocus provider each), so edits
 * arrive while a piece is closed and the command line runs the same code.
 * Offline, every document still loads from and logs to SQLite; what waits
 * is sent by Yjs's own exchange when the socket comes back.
 */

export interface DeskUser {
  name: string;
  role: string;
}

export interface DeskClientOptions {
  url: string;
  token: string;
  /** Wait this long between reconnection attempts (grows to ten times). */
  reconnectDelayMs?: number;
  /** false: work on the local log only (sharing offline), never opening a socket. */
  connect?: boolean;
  /** Problems in the background (a failed write of what arrived); the app reports them. */
  onProblem?: (error: Error) => void;
  /** What arrived from the desk was written into this draft (the window reloads it if it is open and unchanged). */
  onArrived?: (draftId: string) => void;
  /** The desk stopped listing a piece held here: it is kept as a local piece. */
  onUnshared?: (draftId: string, headline: string) => void;
  /** The desk lists a piece kept here as a local piece again: this copy follows it again. */
  onReshared?: (draftId: string, headline: string) => void;
  /** The desk let us in (on every connection and reconnection): what waited for it may go now. */
  onWelcome?: (user: DeskUser) => void;
  /** The desk said a piece's state or someone's notifications changed (a stateless message on the index). */
  onDeskChanged?: () => void;
}

/** The desk refused the token: said with the server's reason, and what is kept. */
export class DeskRefused extends AppError {
  constructor(readonly reason: string) {
    super(
      'forbidden',
      `The desk refused this token (${reason}). Your copy of every piece and your unsent changes are kept on this computer; join again with a valid token.`,
    );
  }
}

export class DeskUnreachable extends AppError {
  constructor(url: string) {
    super(
      'internal',
      `Could not reach the desk at ${url}: is the server running, and is the address right? Nothing was lost; your changes wait on this computer.`,
    );
  }
}

/** Checks a desk address before any connection: ws:// or wss:// with a host. */
export function checkDeskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('invalid_input', `"${url}" is not a desk address: give one like ws://desk.example.org:4455.`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new AppError('invalid_input', `A desk address starts with ws:// or wss:// (got ${parsed.protocol}//).`);
  }
  return url;
}

type Waiter = { resolve: (user: DeskUser) => void; reject: (error: Error) => void };

export class DeskClient {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly pieces = new Map<string, Promise<SharedPiece>>();
  private readonly index: Promise<DeskDocument>;
  private readonly stopFollowing: () => void;
  user: DeskUser | null = null;
  refusal: string | null = null;
  private everConnected = false;
  /** The socket is open now. */
  online = false;
  private failedAttempts = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly attemptWatchers = new Set<() => void>();
  /** No (more) providers are attached: offline, or closing. */
  private closed: boolean;
  /** Moves the shared pieces' image bytes; none when working on the local log only. */
  private readonly images: DeskImages | null;
  /** Pieces the index's last step unlisted or listed again here, acted on once it committed. */
  private readonly indexMoves = new Map<string, FollowMove>();
  /** Unfollowing and following again, one at a time, after the index's steps. */
  private following: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly ctx: StoreContext,
    private readonly options: DeskClientOptions,
  ) {
    const delay = options.reconnectDelayMs ?? 1000;
    this.closed = options.connect === false;
    this.socket = new HocuspocusProviderWebsocket({
      url: checkDeskUrl(options.url),
      // Node before 22 has no global WebSocket; ws is the one Hocuspocus is tested with.
      WebSocketPolyfill: WebSocket,
      autoConnect: !this.closed,
      delay,
      minDelay: delay,
      maxDelay: delay * 10,
    });
    this.images = this.closed
      ? null
      : new DeskImages(ctx, {
          url: options.url,
          token: options.token,
          retryDelayMs: delay * 2,
          onProblem: (err) => this.problem(err),
          ...(options.onArrived && { onArrived: options.onArrived }),
        });
    this.socket.on('connect', () => {
      this.everConnected = true;
      this.online = true;
      // Images that waited for the connection are tried again.
      void this.openPieces().then((pieces) => pieces.forEach((piece) => this.images?.soon(piece)));
    });
    this.socket.on('disconnect', () => {
      this.online = false;
      this.failedAttempts += 1;
      for (const watch of this.attemptWatchers) watch();
    });
    this.index = DeskDocument.open(
      DESK_INDEX_DOCUMENT,
      ctx.db,
      (tx) => this.followIndex(tx),
      (err) => this.problem(err),
      () => this.afterIndexMoves(),
    ).then((index) => {
      if (!this.closed) this.attach(index);
      return index;
    });
    // A shared piece's save is carried into its document whether or not the piece is open.
    this.stopFollowing = ctx.saves.listen((draftId, restored) => {
      void this.pieceOfDraft(draftId).then(
        (piece) => {
          if (!piece) return;
          if (restored) piece.restoredSave();
          return this.pushAndIndex(piece);
        },
        (err: unknown) => this.problem(err),
      );
    });
  }

  get url(): string {
    return this.options.url;
  }

  /**
   * Pieces the desk no longer lists stay here as local pieces, no longer
   * followed; a piece kept so that the desk lists again (shared again) is
   * followed again, the edits made to this copy meanwhile merged as offline
   * edits are. Runs in the index's step; the documents are closed or
   * opened once it has committed (afterIndexMoves).
   */
  private async followIndex(tx: Transaction): Promise<void> {
    const doc = (await this.index).doc;
    const removed = removedMap(doc);
    const listed = indexMap(doc);
    const held = await tx.all<{ document: string; state: FollowMove['state'] }>(
      'SELECT document, state FROM desk_pieces',
    );
    for (const { document, state } of held) {
      const next =
        state === 'shared' && removed.has(document)
          ? 'kept_local'
          : state === 'kept_local' && listed.has(document) && !removed.has(document)
            ? 'shared'
            : null;
      if (!next) continue;
      await tx.run('UPDATE desk_pieces SET state = ? WHERE document = ?', [next, document]);
      this.indexMoves.set(document, { document, state: next });
    }
  }

  /** The index's step committed: the moves it made are carried out and told, in turn. */
  private afterIndexMoves(): void {
    const moves = [...this.indexMoves.values()];
    this.indexMoves.clear();
    if (moves.length === 0) return;
    this.following = this.following.then(() => this.carryOut(moves)).catch((err: unknown) => this.problem(err));
  }

  private async carryOut(moves: FollowMove[]): Promise<void> {
    for (const move of moves) {
      // A step that rolled back (or a later one) left the row otherwise: nothing to do.
      const row = await this.ctx.db.get<{ state: string; draft_id: string; headline: string }>(
        'SELECT p.state, p.draft_id, d.headline FROM desk_pieces p JOIN drafts d ON d.id = p.draft_id WHERE p.document = ?',
        [move.document],
      );
      if (row?.state !== move.state || this.stopping) continue;
      if (move.state === 'kept_local') {
        await this.unfollow(move.document);
        this.options.onUnshared?.(row.draft_id, row.headline);
      } else {
        await this.followAgain(move.document);
        this.options.onReshared?.(row.draft_id, row.headline);
      }
    }
  }

  /** Follows again the pieces kept here that the desk lists (a copy whose re-sharing was missed, or taken again). */
  async followListed(): Promise<void> {
    const index = await this.index;
    await index.step((tx) => this.followIndex(tx));
    this.afterIndexMoves();
    await this.following;
  }

  /** A piece kept here as a local piece: its document is closed, so nothing of the desk's reaches it, nor us the desk's. */
  private async unfollow(document: string): Promise<void> {
    const opening = this.pieces.get(document);
    if (!opening) return;
    this.pieces.delete(document);
    const piece = await opening;
    this.images?.forget(document);
    await piece.document.settled();
    piece.forgetBase();
    piece.document.destroy();
  }

  /**
   * A piece followed again: its document opens (again) from its log and
   * connects, the saves made here meanwhile go in, and what the desk has
   * comes out into the draft.
   */
  private async followAgain(document: string): Promise<SharedPiece> {
    const piece = await this.piece(document);
    await piece.rereadDocument();
    const draftId = await piece.draftId();
    if (draftId) this.options.onArrived?.(draftId);
    this.images?.soon(piece);
    return piece;
  }

  private problem(err: unknown): void {
    this.options.onProblem?.(err instanceof Error ? err : new Error(String(err)));
  }

  /** Resolves with who the server says holds the token; rejects when it refuses it, or (if asked) when the server cannot be reached. */
  welcome(options: { failWhenUnreachable: boolean; timeoutMs?: number }): Promise<DeskUser> {
    if (this.user) return Promise.resolve(this.user);
    if (this.refusal) return Promise.reject(new DeskRefused(this.refusal));
    return new Promise<DeskUser>((resolve, reject) => {
      const timer = setTimeout(() => done(new DeskUnreachable(this.options.url)), options.timeoutMs ?? 15_000);
      const watch = (): void => {
        if (options.failWhenUnreachable && !this.everConnected) done(new DeskUnreachable(this.options.url));
      };
      const waiter: Waiter = { resolve: (user) => done(null, user), reject: (error) => done(error) };
      const done = (error: Error | null, user?: DeskUser): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        this.attemptWatchers.delete(watch);
        if (error) reject(error);
        else resolve(user!);
      };
      this.waiters.add(waiter);
      this.attemptWatchers.add(watch);
      if (this.failedAttempts > 0) watch();
    });
  }

  private attach(document: DeskDocument): void {
    const provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: document.name,
      document: document.doc,
      token: this.options.token,
      onAuthenticationFailed: ({ reason }) => this.refused(reason),
      onStateless: ({ payload }) => {
        // The desk's own news comes once per connection, on the index; the pieces' providers hear the welcome alone.
        const index = document.name === DESK_INDEX_DOCUMENT;
        if (index && isDeskChanged(payload)) {
          this.options.onDeskChanged?.();
          return;
        }
        const user = readWelcome(payload);
        if (!user) return;
        this.user = user;
        for (const waiter of this.waiters) waiter.resolve(user);
        if (index) this.options.onWelcome?.(user);
      },
    });
    document.bind(provider);
    provider.attach();
  }

  private refused(reason: string): void {
    this.refusal = reason;
    for (const waiter of this.waiters) waiter.reject(new DeskRefused(reason));
    // Retrying a refused token only fills the server's log; the local copy stays as it is.
    this.socket.disconnect();
  }

  indexDocument(): Promise<DeskDocument> {
    return this.index;
  }

  /** The desk's pieces, from the index alone. */
  async listed(): Promise<Map<string, DeskIndexEntry>> {
    const index = await this.index;
    const removed = removedMap(index.doc);
    return new Map(
      Object.entries(indexMap(index.doc).toJSON() as Record<string, DeskIndexEntry>).filter(
        ([document]) => !removed.has(document),
      ),
    );
  }

  /** The piece held under this document name, opened (and connected) once. */
  piece(name: string): Promise<SharedPiece> {
    let opening = this.pieces.get(name);
    if (!opening) {
      opening = (async () => {
        let piece: SharedPiece | null = null;
        const document = await DeskDocument.open(
          name,
          this.ctx.db,
          (tx) => piece!.afterRemote(tx),
          (err) => {
            piece?.forgetBase();
            this.problem(err);
          },
          () => {
            void piece?.draftId().then(
              (id) => id && this.options.onArrived?.(id),
              (err: unknown) => this.problem(err),
            );
            if (piece) this.images?.soon(piece);
          },
        );
        piece = new SharedPiece(this.ctx, document);
        if (!this.closed) this.attach(document);
        return piece;
      })();
      this.pieces.set(name, opening);
    }
    return opening;
  }

  private async pieceOfDraft(draftId: string): Promise<SharedPiece | null> {
    const row = await this.ctx.db.get<{ document: string }>(
      "SELECT document FROM desk_pieces WHERE draft_id = ? AND state = 'shared'",
      [draftId],
    );
    return row ? this.piece(row.document) : null;
  }

  /**
   * Carries a saved piece into its document and keeps its index entry
   * current; `relist` (sharing it) also puts a piece taken off the desk back.
   */
  async pushAndIndex(piece: SharedPiece, relist = false): Promise<void> {
    const kept =
      relist &&
      (await this.ctx.db.get("SELECT 1 FROM desk_pieces WHERE document = ? AND state = 'kept_local'", [
        piece.document.name,
      ])) !== undefined;
    if (!(await piece.pushSaved()) && !relist) return;
    // The images go beside the words, without holding them up.
    this.images?.soon(piece);
    const draftId = await piece.draftId();
    if (!draftId) return;
    const draft = await this.ctx.db.get<{ headline: string }>('SELECT headline FROM drafts WHERE id = ?', [draftId]);
    // Who the desk knows this machine as, also when sharing offline.
    const joined = await this.ctx.db.get<{ user_name: string }>('SELECT user_name FROM desk_connection WHERE id = 1');
    const index = await this.index;
    await index.step(async (tx) => {
      const removed = removedMap(index.doc);
      if (relist) {
        removed.delete(piece.document.name);
        // Listed again and followed again in one step: a change to the index arriving between the two would unshare it.
        await tx.run("UPDATE desk_pieces SET state = 'shared' WHERE document = ?", [piece.document.name]);
      } else if (removed.has(piece.document.name)) return;
      const map = indexMap(index.doc);
      const before = map.get(piece.document.name) as DeskIndexEntry | undefined;
      map.set(piece.document.name, {
        headline: draft?.headline ?? '',
        sharedBy: before?.sharedBy ?? joined?.user_name ?? this.ctx.author(),
        updatedAt: new Date(this.ctx.now()).toISOString(),
      } satisfies DeskIndexEntry);
    });
    // What the desk's copy took in while this one was kept local comes out into the draft.
    if (kept) await this.followAgain(piece.document.name);
  }

  /** Takes a piece off the desk's list; every machine holding it keeps its copy as a local piece. */
  async unlist(document: string): Promise<void> {
    const index = await this.index;
    await index.step(async (tx) => {
      removedMap(index.doc).set(document, new Date(this.ctx.now()).toISOString());
      indexMap(index.doc).delete(document);
      await tx.run("UPDATE desk_pieces SET state = 'kept_local' WHERE document = ?", [document]);
    });
    await this.unfollow(document);
  }

  /** Resolves when every open document has been exchanged with the server and its log written. */
  async inStep(timeoutMs = 60_000): Promise<void> {
    const documents = [await this.index, ...(await Promise.all(this.pieces.values())).map((p) => p.document)];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.refusal) throw new DeskRefused(this.refusal);
      await Promise.all(documents.map((d) => d.settled()));
      if (documents.every((d) => d.inStep && d.idle)) return;
      if (Date.now() > deadline) throw new DeskUnreachable(this.options.url);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Images moved so far, to report what a sync moved (imagesInStep's `since`). */
  imagesTally(): ImageTally {
    return this.images?.tally() ?? { uploaded: 0, downloaded: 0 };
  }

  /** Moves the images every open piece uses (uploads what the desk lacks, downloads what this machine lacks). */
  async imagesInStep(since?: ImageTally): Promise<ImageTransferReport> {
    return this.images
      ? this.images.settle(await this.openPieces(), since)
      : { uploaded: 0, downloaded: 0, waiting: 0 };
  }

  async openPieces(): Promise<SharedPiece[]> {
    return Promise.all(this.pieces.values());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopping = true;
    this.stopFollowing();
    await this.following;
    await this.images?.stop();
    const pieces = await Promise.all(this.pieces.values());
    const documents = [await this.index, ...pieces.map((p) => p.document)];
    await Promise.all(documents.map((d) => d.settled()));
    for (const piece of pieces) piece.forgetBase();
    for (const document of documents) document.destroy();
    this.socket.destroy();
  }
}

/** A piece held here that the desk unlisted (kept local) or listed again (shared). */
interface FollowMove {
  document: string;
  state: 'shared' | 'kept_local';
}

/** Document name → when it was taken off the desk. */
function removedMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap(DESK_REMOVED_MAP);
}

export function indexMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(DESK_INDEX_MAP);
}
