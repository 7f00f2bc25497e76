import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';

/**
 * The desk bench's baseline: the least a server can do to carry an edit
 * between two Y.Docs. A ws server forwards each binary message, unread, to
 * every other socket; each client sends its doc's Yjs updates as they are
 * and applies what arrives. No names, no authentication, no sync protocol,
 * no server-side document, no storage.
 */

export interface BareRelay {
  url: string;
  stop(): Promise<void>;
}

export async function startBareRelay(): Promise<BareRelay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      for (const other of server.clients) {
        if (other !== socket && other.readyState === WebSocket.OPEN) other.send(data, { binary: isBinary });
      }
    });
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    stop: async () => {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

export interface BareClient {
  doc: Y.Doc;
  text: Y.Text;
  close(): void;
}

export async function connectBare(url: string): Promise<BareClient> {
  const doc = new Y.Doc();
  const socket = new WebSocket(url);
  socket.binaryType = 'nodebuffer';
  await once(socket, 'open');
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== socket) socket.send(update);
  });
  socket.on('message', (data: Buffer) =>
    Y.applyUpdate(doc, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), socket),
  );
  return {
    doc,
    text: doc.getText('body'),
    close: () => {
      socket.terminate();
      doc.destroy();
    },
  };
}
