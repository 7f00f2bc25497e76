import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { type Extension, Server } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { welcomeMessage } from '../common/desk/protocol';
import { handleImageRequest } from './imageRoutes';
import type { DocumentStore } from './store';

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
 */
export function checkIncomingUpdate(message: Uint8Array): void {
  let update: Uint8Array;
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder); // document name
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) return;
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
}

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
  const extensions: Extension[] = [
    new Database({
      fetch: ({ documentName }) => store.loadDocument(documentName),
      store: ({ documentName, state }) => store.storeDocument(documentName, state),
    }),
  ];
  if (options.redisUrl) extensions.push(redisExtension(options.redisUrl));
  const server = new Server(
    {
      address: options.host ?? DEFAULT_HOST,
      port: options.port ?? DEFAULT_PORT,
      quiet: true,
      stopOnSignals: false,
      debounce: options.storeDebounceMs ?? 2000,
      extensions,
      async onAuthenticate({ token }) {
        if (!token) throw new Refusal('no-token: connect with the token `copydesk-server users add` printed');
        const user = await store.findUserByToken(token);
        if (!user)
          throw new Refusal(
            'unknown-or-revoked-token: this token is not (or no longer) valid; ask the desk admin for a new one',
          );
        return { user: { name: user.name, role: user.role } };
      },
      // Hocuspocus tells a client only that it is in; the app also shows whose token it holds.
      async onRequest({ request, response }) {
        const images = { store, maxBytes: options.maxImageBytes };
        // Hocuspocus's way to say "answered": a rejection without an error stops its default reply.
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- Hocuspocus requires an empty rejection here, see Server.requestHandler
        if (await handleImageRequest(images, request, response)) throw null;
      },
      async connected({ connection, context }) {
        connection.sendStateless(welcomeMessage((context as { user: { name: string; role: string } }).user));
      },
      async beforeHandleMessage({ update, connection }) {
        try {
          checkIncomingUpdate(update);
        } catch (err) {
          // Hocuspocus would only end this document's session; a client that
          // sends garbage loses the whole socket (1007: inconsistent data).
          connection.webSocket.close(1007, (err as Refusal).reason.slice(0, 120));
          throw err;
        }
      },
    },
    // ws closes a connection whose message is larger (code 1009) before it is read.
    { maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES },
  );
  await server.listen();
  const port = server.address.port;
  return {
    url: `ws://${options.host ?? DEFAULT_HOST}:${port}`,
    port,
    async stop() {
      await server.destroy();
      // destroy() stores every document and ends each document's session but
      // leaves the sockets open; end them as a stopping process would, so
      // clients reconnect (to this server restarted, or another instance).
      for (const socket of server.webSocketServer.clients) socket.terminate();
    },
  };
}
