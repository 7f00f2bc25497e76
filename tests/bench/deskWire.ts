import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

/**
 * Node clients of the desk for the desk bench: a Hocuspocus provider on a
 * Y.Doc, as tests/support/desk.ts connects them, on a socket that counts
 * what it puts on the wire.
 */

export interface WireBytes {
  sent: number;
  received: number;
}

function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLength(part), 0);
  return 0;
}

/** ws's WebSocket, counting the payload bytes each socket sends and receives into `bytes` (frame headers not included). */
function countingWebSocket(bytes: WireBytes): typeof WebSocket {
  return class CountingWebSocket extends WebSocket {
    // Hocuspocus constructs its socket with the URL alone.
    constructor(url: string) {
      super(url);
      const send = this.send.bind(this) as (data: unknown, ...rest: unknown[]) => void;
      this.send = ((data: unknown, ...rest: unknown[]) => {
        bytes.sent += byteLength(data);
        send(data, ...rest);
      }) as WebSocket['send'];
      this.on('message', (data) => (bytes.received += byteLength(data)));
      // A socket destroyed while still reconnecting reports its aborted handshake after the provider let go of it;
      // unheard, that error would end the client thread (and the run) after its figures were taken.
      this.on('error', () => undefined);
    }
  } as typeof WebSocket;
}

export interface DeskWireClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  bytes: WireBytes;
  destroy(): void;
}

/** One client (one socket, one document), its text in the Y.Text "body" as the test clients have it. */
export function connectWire(url: string, documentName: string, token: string): DeskWireClient {
  const doc = new Y.Doc();
  const bytes: WireBytes = { sent: 0, received: 0 };
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: countingWebSocket(bytes),
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
  });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentName, document: doc, token });
  provider.attach();
  return {
    doc,
    text: doc.getText('body'),
    provider,
    socket,
    bytes,
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Resolves when every client has finished its first exchange with the server. */
export async function allSynced(clients: readonly DeskWireClient[], timeoutMs = 60_000): Promise<void> {
  await waitFor('the clients to sync', () => clients.every((c) => c.provider.isSynced), timeoutMs);
}

/** Polls `check` every few milliseconds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
