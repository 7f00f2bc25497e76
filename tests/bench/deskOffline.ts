import { WebSocketStatus } from '@hocuspocus/provider';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { between, seeded } from '../support/random';
import type { LocalDesk } from './deskLocalServer';
import { allSynced, connectWire, waitFor, type DeskWireClient } from './deskWire';
import { ms, times, type BenchContext, type BenchResult } from './stats';

/**
 * 2. Two clients each make 1,000 edits while disconnected from the desk,
 * then reconnect: how long until both hold the same document, and how many
 * bytes they send to get there against the size of the edits themselves
 * (each edit's Yjs update as it was made).
 */

const EDITS = 1_000;
const OPENING =
  'The council met at nine. The vote on the harbour budget was put off until spring, to the dismay of the pilots.\n'.repeat(
    20,
  );

/**
 * A writer typing: characters at a caret, a backspace now and then, the
 * caret moved elsewhere every few dozen keys. Each edit is its own change, as
 * keys are; returns the bytes of the updates the edits made.
 */
function typeOffline(client: DeskWireClient, random: () => number, edits: number): number {
  let bytes = 0;
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== client.provider) bytes += update.byteLength;
  };
  client.doc.on('update', onUpdate);
  let caret = between(random, 0, client.text.length);
  for (let i = 0; i < edits; i++) {
    if (i % 40 === 0) caret = between(random, 0, client.text.length);
    if (caret > 0 && random() < 0.1) {
      client.text.delete(caret - 1, 1);
      caret -= 1;
    } else {
      client.text.insert(caret, String.fromCharCode(97 + between(random, 0, 25)));
      caret += 1;
    }
  }
  client.doc.off('update', onUpdate);
  return bytes;
}

const sameState = (x: Y.Doc, y: Y.Doc): boolean =>
  Buffer.from(Y.encodeStateVector(x)).equals(Buffer.from(Y.encodeStateVector(y)));

export async function offlineBench(ctx: BenchContext, desk: LocalDesk): Promise<BenchResult> {
  const name = 'bench-offline';
  const a = connectWire(desk.server.url, name, desk.tokens[0]);
  const b = connectWire(desk.server.url, name, desk.tokens[1]);
  try {
    await allSynced([a, b]);
    a.text.insert(0, OPENING);
    await waitFor(
      'the opening to reach the other client',
      () => b.text.length === OPENING.length && a.provider.unsyncedChanges === 0,
    );

    // Offline: each provider's socket closed, as when the network drops.
    a.socket.disconnect();
    b.socket.disconnect();
    await waitFor(
      'both clients to be offline',
      () => a.socket.status === WebSocketStatus.Disconnected && b.socket.status === WebSocketStatus.Disconnected,
    );
    ctx.log(`offline: ${EDITS} edits on each of two disconnected clients, then both reconnect`);
    const editBytes = typeOffline(a, seeded(21), EDITS) + typeOffline(b, seeded(22), EDITS);
    const merged = Y.mergeUpdates([
      Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)),
      Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)),
    ]).byteLength;
    if (sameState(a.doc, b.doc)) throw new Error('the clients were not apart while offline');

    for (const c of [a, b]) c.bytes.sent = c.bytes.received = 0;
    const start = performance.now();
    void a.socket.connect();
    void b.socket.connect();
    await waitFor('the two clients to converge', () => sameState(a.doc, b.doc), 60_000, 1);
    const converged = performance.now() - start;
    if (a.text.toString() !== b.text.toString())
      throw new Error('the clients hold the same updates but different text');
    // Bytes counted until the server has acknowledged everything each client sent.
    await waitFor(
      'the server to acknowledge both clients',
      () =>
        a.provider.isSynced &&
        b.provider.isSynced &&
        a.provider.unsyncedChanges === 0 &&
        b.provider.unsyncedChanges === 0,
      60_000,
    );
    const sent = a.bytes.sent + b.bytes.sent;
    const received = a.bytes.received + b.bytes.received;
    return {
      rows: [
        {
          name: `offline ${EDITS.toLocaleString('en')} edits × 2 clients, reconnect → converged`,
          measured: ms(converged),
          baseline: '—',
          ratio: '—',
          target: '—',
          pass: null,
        },
        {
          name: `offline ${EDITS.toLocaleString('en')} edits × 2 clients, bytes sent on reconnect (vs the edits' updates)`,
          measured: `${(sent / 1024).toFixed(1)} KiB`,
          baseline: `${(editBytes / 1024).toFixed(1)} KiB`,
          ratio: times(sent / editBytes),
          target: '—',
          pass: null,
        },
      ],
      notes: [
        `offline: two clients on the embedded desk server, ${OPENING.length.toLocaleString('en')} characters in common, each provider's socket disconnected, ${EDITS} keystrokes each ` +
          `(~10% backspaces, caret moved every 40 keys), then both sockets connected at once. Converged = both Y.Docs hold the same state vector (checked every 1 ms). ` +
          `The edits: ${EDITS * 2} Yjs updates, ${(editBytes / 1024).toFixed(1)} KiB as made, ${(merged / 1024).toFixed(1)} KiB merged into one. ` +
          `On reconnect the clients sent ${(sent / 1024).toFixed(1)} KiB and received ${(received / 1024).toFixed(1)} KiB (websocket payloads, until the server acknowledged all).`,
      ],
    };
  } finally {
    a.destroy();
    b.destroy();
  }
}
