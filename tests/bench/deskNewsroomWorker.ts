import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { between, seeded } from '../support/random';
import { allSynced, connectWire, sleep, type DeskWireClient } from './deskWire';
import type { NewsroomClient, ToMain, ToWorker, WorkerSetup } from './newsroomMessages';

/**
 * A share of the newsroom bench's clients on a thread of their own, so that
 * the clients' own work (hundreds of Y.Docs applying every keystroke) is
 * spread over the machine's cores rather than queued on one. Built by
 * scripts/bench.mjs beside the benches (COPYDESK_DESK_CLIENTS_WORKER).
 *
 * Each keystroke's send time goes into a buffer shared by every thread, at
 * the sending client's slot and the Yjs clock its character took; a client
 * that applies it reads the time back from there. Times are absolute
 * (performance.timeOrigin + now), so threads compare them.
 */

const setup = workerData as WorkerSetup;
const port = parentPort!;
const sentAt = new Float64Array(setup.sentAt);
const now = (): number => performance.timeOrigin + performance.now();
const post = (message: ToMain): void => port.postMessage(message);

interface Typist {
  spec: NewsroomClient;
  client: DeskWireClient;
  caret: number;
  nextAt: number;
}

const typists: Typist[] = setup.clients.map((spec) => ({
  spec,
  client: connectWire(spec.url, spec.document, spec.token),
  caret: 0,
  nextAt: 0,
}));
const near: number[] = [];
const far: number[] = [];
let overflow = 0;
let slotOf = new Map<number, number>();

for (const t of typists) {
  t.client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== t.client.provider) return;
    const arrived = now();
    const meta = Y.parseUpdateMeta(update);
    for (const [client, to] of meta.to) {
      const slot = slotOf.get(client);
      if (slot === undefined) continue;
      for (let clock = meta.from.get(client) ?? 0; clock < Math.min(to, setup.capacity); clock++) {
        const at = sentAt[slot * setup.capacity + clock]!;
        if (at > 0) (setup.instanceOf[slot] === t.spec.instance ? near : far).push(arrived - at);
      }
    }
  });
}

async function type(start: number, seconds: number): Promise<number> {
  const random = seeded(1000 + setup.clients[0]!.slot);
  const interval = 1000 / setup.keysPerSecond;
  for (const t of typists) t.nextAt = start + random() * interval;
  const end = start + seconds * 1000;
  let sent = 0;
  while (now() < end) {
    const moment = now();
    for (const t of typists) {
      if (t.nextAt > moment) continue;
      t.nextAt += interval;
      const { doc, text } = t.client;
      const clock = Y.getState(doc.store, doc.clientID);
      if (clock >= setup.capacity) {
        overflow += 1;
        continue;
      }
      t.caret = t.caret > 0 && t.caret <= text.length ? t.caret : between(random, 0, text.length);
      sentAt[t.spec.slot * setup.capacity + clock] = now();
      text.insert(t.caret, String.fromCharCode(97 + (t.spec.piece % 26)));
      t.caret += 1;
      sent += 1;
    }
    await sleep(2);
  }
  return sent;
}

const loop = monitorEventLoopDelay({ resolution: 10 });

port.on('message', (message: ToWorker) => {
  void (async () => {
    if (message.kind === 'go') {
      slotOf = new Map(message.slots);
      loop.enable();
      const sent = await type(message.start, message.seconds);
      loop.disable();
      post({ kind: 'typed', sent, overflow });
    } else if (message.kind === 'count') {
      post({ kind: 'count', received: near.length + far.length });
    } else {
      for (const t of typists) t.client.destroy();
      post({
        kind: 'done',
        near: Float64Array.from(near),
        far: Float64Array.from(far),
        loopP99Ms: loop.percentile(99) / 1e6,
      });
    }
  })().catch((err: unknown) =>
    post({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});

allSynced(
  typists.map((t) => t.client),
  120_000,
).then(
  () => post({ kind: 'ready', ids: typists.map((t) => [t.client.doc.clientID, t.spec.slot]) }),
  (err: unknown) => post({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
);
