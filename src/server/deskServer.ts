import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { once } from 'node:events';
import { type Connection, type DirectConnection, type Extension, Server } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { DraftStatus } from '../common/domain';
import { DESK_INDEX_DOCUMENT, DESK_INDEX_MAP, welcomeMessage } from '../common/desk/protocol';
import { deskChangedMessage } from '../common/desk/workflow';
import type { DecisionContext } from './decisions';
import { type DeskRouteOptions, handleDeskRequest } from './deskRoutes';
import { DeskOutbox } from './deskOutbox';
import { handleImageRequest } from './imageRoutes';
import { recordPublishOutcome } from './publishOrders';
import { mentionNotifications } from './mentions';
import { type RateLimit, RateLimiter } from './rateLimit';
import type { DocumentStore } from './store';
import { isPieceDocument, lockedFor, PieceStatuses, StatusNews } from './writeLocks';

/**
 * The newsroom's sync server: Hocuspocus over a DocumentStore, every
 * connection authenticated by a user's token, and with Redis, several
 * instances sharing one newsroom. The same port answers the image
 * endpoints (imageRoutes.ts).
 */

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4455;
/** Larger than any piece's update in practice (a long feature's whole state is well under 1 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface DeskServerOptions {
  store: DocumentStore;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  redisUrl?: string;
  maxMessageBytes?: number;
  /** How long after the last change a document is written to the store (Hocuspocus's debounce). */
  storeDebounceMs?: number;
  /** The largest image PUT /images/<sha256> takes (default 50 MB). */
  maxImageBytes?: number;
  /** Requests per token on the /desk/ API (default 60 per 10 s). */
  rateLimit?: RateLimit;
  /** The largest body a /desk/ request may have (default 64 KB). */
  maxRequestBytes?: number;
  /** The key publish secrets are sealed with (secretBox.ts); without one the desk does not publish. */
  secretKey?: Buffer | null;
  /** How often the desk's outbox looks for due jobs (default 5 s). */
  publishPollMs?: number;
}

export interface DeskServer {
  /** ws://host:port */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Hocuspocus sends an error's `reason` to the client (its onAuthenticationFailed). */
class Refusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The Yjs sync protocol's message types (y-protocols): sync, then step 2 and update carry an update. */
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Throws when a client's sync message carries an update Yjs cannot decode:
 * it is refused before it reaches the document, and Hocuspocus closes the
 * connection. Other messages (awareness, auth) are Hocuspocus's to check.
 * Returns whether the message carries an update (a change to the document).
 */
export function checkIncomingUpdate(message: Uint8Array): boolean {
  let update: Uint8Array;
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder); // document name
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return false;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) return false;
    update = decoding.readVarUint8Array(decoder);
  } catch {
    throw new Refusal(
      'malformed-message: the message could not be read; the connection is closed and nothing was applied',
    );
  }
  try {
    Y.decodeUpdate(update);
  } catch {
    throw new Refusal(
      'malformed-update: the update could not be decoded; the connection is closed and nothing was applied',
    );
  }
  return true;
}

interface ConnectionUser {
  user: { name: string; role: string };
}

const roleOf = (connection: Connection): string => (connection.context as Partial<ConnectionUser>).user?.role ?? '';

function redisExtension(url: string): Redis {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:')
    throw new Error(`The Redis URL must start with redis:// (got ${parsed.protocol}//…).`);
  return new Redis({
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    options: {
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    },
  });
}

export async function startDeskServer(options: DeskServerOptions): Promise<DeskServer> {
  const { store } = options;
  const statuses = new PieceStatuses(store);
  const extensions: Extension[] = [
    new Database({
      fetch: ({ documentName }) => store.loadDocument(documentName),
      store: ({ documentName, state }) => store.storeDocument(documentName, state),
    }),
  ];
  const redis = options.redisUrl ? redisExtension(options.redisUrl) : null;
  if (redis) extensions.push(redis);
  // With other instances, a decision made here reaches their writers' connections before it is answered.
  const news = redis ? new StatusNews(redis.pub, redis.pub.duplicate(), takeStatus, () => statuses.forgetAll()) : null;
  const server = new Server(
    {
      address: options.host ?? DEFAULT_HOST,
      port: options.port ?? DEFAULT_PORT,
      quiet: true,
      stopOnSignals: false,
      debounce: options.storeDebounceMs ?? 2000,
      extensions,
      async onAuthenticate({ token, documentName, connectionConfig }) {
        if (!token) throw new Refusal('no-token: connect with the token `copydesk-server users add` printed');
        const user = await store.findUserByToken(token);
        if (!user)
          throw new Refusal(
            'unknown-or-revoked-token: this token is not (or no longer) valid; ask the desk admin for a new one',
          );
        // A writer may read a published or archived piece, not change it.
        if (isPieceDocument(documentName))
          connectionConfig.readOnly = lockedFor(user.role, await statuses.status(documentName));
        return { user: { name: user.name, role: user.role } } satisfies ConnectionUser;
      },
      // Hocuspocus tells a client only that it is in; the app also shows whose token it holds.
      async onRequest({ request, response }) {
        const images = {
          store,
          maxBytes: options.maxImageBytes,
          status: (document: string) => statuses.status(document),
          loadDocument,
        };
        const answered =
          (await handleImageRequest(images, request, response)) ||
          (await handleDeskRequest(deskRoutes, request, response));
        // Hocuspocus's way to say "answered": a rejection without an error stops its default reply.
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- Hocuspocus requires an empty rejection here, see Server.requestHandler
        if (answered) throw null;
      },
      async connected({ connection, context }) {
        connection.sendStateless(welcomeMessage((context as { user: { name: string; role: string } }).user));
      },
      async beforeHandleMessage({ update, connection, documentName }) {
        let changes: boolean;
        try {
          changes = checkIncomingUpdate(update);
        } catch (err) {
          // Hocuspocus would only end this document's session; a client that
          // sends garbage loses the whole socket (1007: inconsistent data).
          connection.webSocket.close(1007, (err as Refusal).reason.slice(0, 120));
          throw err;
        }
        // Asked again before each change (the status is cached, and another instance's decision arrives as news);
        // a read-only connection's update is answered "not applied" by Hocuspocus, and the socket stays.
        const role = roleOf(connection);
        if (changes && isPieceDocument(documentName) && role !== 'editor' && role !== 'admin')
          connection.readOnly = lockedFor(role, await statuses.status(documentName));
      },
      async afterStoreDocument({ documentName, document }) {
        if (!isPieceDocument(documentName)) return;
        try {
          const users = (await store.listUsers()).filter((u) => u.revokedAt === null).map((u) => u.name);
          const found = mentionNotifications(documentName, document, users, new Date().toISOString());
          if (found.length && (await store.addNotifications(found)) > 0) deskChanged();
        } catch {
          // A mention is a courtesy: a failure here must not fail the document's store.
        }
      },
    },
    // ws closes a connection whose message is larger (code 1009) before it is read.
    { maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES },
  );

  /**
   * A document as it is now: the live one when a client has it open, else
   * the stored one. A live piece is given as a copy: its readers (the check,
   * a publish) read its body, which binds a headless editor to the document
   * read (bodyBinding.ts), and one bound to the live document would run on
   * every keystroke before it is broadcast.
   */
  async function loadDocument(name: string): Promise<Y.Doc | null> {
    const live = server.hocuspocus.documents.get(name);
    if (live && !isPieceDocument(name)) return live;
    const state = live ? Y.encodeStateAsUpdate(live) : await store.loadDocument(name);
    if (!state) return null;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return doc;
  }

  /** Tells every client of the desk index (on every instance, through Redis) to ask again. */
  function deskChanged(): void {
    server.hocuspocus.documents.get(DESK_INDEX_DOCUMENT)?.broadcastStateless(deskChangedMessage());
  }

  /** A piece's status changed: its live connections here get (or lose) write access now, not at their next update. */
  function takeStatus(document: string, status: DraftStatus): void {
    statuses.set(document, status);
    for (const connection of server.hocuspocus.documents.get(document)?.getConnections() ?? [])
      connection.readOnly = lockedFor(roleOf(connection), status);
  }

  /** A piece's status changed here: this instance takes it, then the others, before the change is answered. */
  async function pieceChanged(document: string, status: DraftStatus): Promise<void> {
    takeStatus(document, status);
    await news?.tell(document, status);
  }

  const decisions: DecisionContext = {
    store,
    loadDocument,
    async indexHeadline(document) {
      const entry = (await loadDocument(DESK_INDEX_DOCUMENT))?.getMap(DESK_INDEX_MAP).get(document) as
        { headline?: unknown } | undefined;
      return typeof entry?.headline === 'string' ? entry.headline : null;
    },
  };
  const outbox = options.secretKey
    ? new DeskOutbox({
        store: store.publishing,
        images: store,
        key: options.secretKey,
        // The live document when someone has it open; a piece the desk never held publishes as empty, so refuse it.
        async openDocument(name) {
          const doc = await loadDocument(name);
          if (!doc) throw new Error(`The desk holds no document ${name}.`);
          return doc;
        },
        async beforeDone(job) {
          if (await recordPublishOutcome(decisions, job)) await pieceChanged(job.document, 'published');
        },
        async onChange(job) {
          if (job.state === 'failed') await recordPublishOutcome(decisions, job);
          deskChanged();
        },
        pollMs: options.publishPollMs,
      })
    : null;
  const deskRoutes: DeskRouteOptions = {
    store,
    decisions,
    limiter: new RateLimiter(options.rateLimit),
    loadIndex: () => loadDocument(DESK_INDEX_DOCUMENT),
    async changed(state) {
      if (state) await pieceChanged(state.document, state.status);
      deskChanged();
    },
    maxBodyBytes: options.maxRequestBytes,
    outbox,
    vocabulary: {
      store,
      loadDocument,
      async change(document, edit) {
        // As a client would: the live document changes, is stored, and reaches everyone holding the piece.
        const connection = await server.hocuspocus.openDirectConnection(document);
        try {
          await connection.transact(edit);
        } finally {
          await connection.disconnect();
        }
      },
    },
  };

  await server.listen();
  // With Redis, this instance keeps the index loaded (and subscribed), so its
  // desk-changed reaches clients connected to the other instances.
  let index: DirectConnection | null = null;
  if (redis) {
    // A SUBSCRIBE sent before the subscriber's ready check breaks that connection (ioredis: "Connection in
    // subscriber mode"), and this instance would hear nothing: load the index only once it is ready.
    if (redis.sub.status !== 'ready') await once(redis.sub, 'ready');
    index = await server.hocuspocus.openDirectConnection(DESK_INDEX_DOCUMENT);
    await news?.start();
  }
  await outbox?.start();
  const port = server.address.port;
  return {
    url: `ws://${options.host ?? DEFAULT_HOST}:${port}`,
    port,
    async stop() {
      await outbox?.stop();
      news?.stop();
      // The interface says void, but the class's disconnect() returns the index's last store: wait for it.
      await (index?.disconnect() as Promise<void> | undefined);
      await server.destroy();
      // destroy() stores every document and ends each document's session but
      // leaves the sockets open; end them as a stopping process would, so
      // clients reconnect (to this server restarted, or another instance).
      for (const socket of server.webSocketServer.clients) socket.terminate();
    },
  };
}
