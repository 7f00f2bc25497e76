import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import { freshDatabase } from '../support/desk';
import { check, DESK_SERVICES, Missing, skipsAllowed } from '../support/outside';
import { ClientThread } from './clientThread';
import { sleep } from './deskWire';
import { startServerProcess, type ServerProcess } from './deskServerProcess';
import type { NewsroomClient } from './newsroomMessages';
import {
  mb,
  ms,
  percentile,
  positiveIntFromEnv,
  times,
  type BenchContext,
  type BenchResult,
  type BenchRow,
} from './stats';

/**
 * 3. One newsroom under load: 300 clients over two server instances sharing
 * PostgreSQL and Redis, ten clients on each of 30 pieces (five on each
 * instance, so every edit crosses Redis), each typing 5 keystrokes a second;
 * against one instance (no Redis) holding 150 clients on 15 pieces, the
 * same typing. The instances run as processes of their own, so their memory
 * is read from /proc; the clients run on worker threads of this process
 * (deskNewsroomWorker.ts), one per core.
 *
 *   DESK_BENCH_SECONDS  how long each run types (default 60)
 */

const CLIENTS_PER_PIECE = 10;
const KEYS_PER_SECOND = 5;
/** How long stragglers may take to arrive after typing stops before they count as not delivered. */
const DRAIN_MS = 30_000;
const THREADS = Math.max(1, cpus().length);

interface Scenario {
  label: string;
  instances: number;
  clients: number;
  redisUrl: string | null;
}

interface Figures {
  p95: number;
  p50: number;
  /** p95 of receipts on the sender's own instance, and on another (through Redis); NaN when there were none. */
  nearP95: number;
  farP95: number;
  /** Times an instance did not store a document because another held its Redis lock (Hocuspocus logs each as an error). */
  storeLockRefusals: number;
  sent: number;
  expected: number;
  delivered: number;
  /** Largest resident memory seen per instance during the typing, in bytes. */
  rss: number[];
  /** CPU used per instance during the typing, as a share of one core. */
  cpu: number[];
  /** The client threads' worst event-loop delay p99 while typing: how busy the clients' side was. */
  clientLoopP99: number;
}

async function runScenario(ctx: BenchContext, scenario: Scenario, seconds: number): Promise<Figures> {
  const database = await freshDatabase();
  const servers: ServerProcess[] = [];
  const threads: ClientThread[] = [];
  try {
    const users = await PostgresDocumentStore.open(database.url);
    const tokens: string[] = [];
    try {
      for (let i = 0; i < scenario.clients; i++) tokens.push(await users.addUser(`Reporter ${i}`, 'writer'));
    } finally {
      await users.close();
    }
    for (let i = 0; i < scenario.instances; i++) {
      servers.push(
        await startServerProcess({
          DESK_CHILD_POSTGRES: database.url,
          ...(scenario.redisUrl && { DESK_CHILD_REDIS: scenario.redisUrl }),
        }),
      );
    }
    const pieces = scenario.clients / CLIENTS_PER_PIECE;
    // Names unique to this run: the Redis is shared with whatever else uses it.
    const run = randomBytes(4).toString('hex');
    // Consecutive blocks of `pieces` clients per instance: each piece has clients on every instance.
    const instanceOf = tokens.map((_token, slot) => Math.floor(slot / pieces) % servers.length);
    const clients: NewsroomClient[] = tokens.map((token, slot) => ({
      slot,
      piece: slot % pieces,
      instance: instanceOf[slot]!,
      url: servers[instanceOf[slot]!]!.url,
      document: `bench-newsroom-${run}-${slot % pieces}`,
      token,
    }));
    // Room for every keystroke a client makes, with a margin for a slow clock.
    const capacity = Math.ceil(seconds * KEYS_PER_SECOND * 1.5) + 100;
    const sentAt = new SharedArrayBuffer(scenario.clients * capacity * Float64Array.BYTES_PER_ELEMENT);
    ctx.log(`newsroom: ${scenario.label}: ${scenario.clients} clients connecting on ${THREADS} threads…`);
    for (let i = 0; i < THREADS; i++) {
      threads.push(
        new ClientThread({
          clients: clients.filter((c) => c.slot % THREADS === i),
          sentAt,
          capacity,
          keysPerSecond: KEYS_PER_SECOND,
          instanceOf,
        }),
      );
    }
    const slots = (await Promise.all(threads.map((t) => t.next('ready')))).flatMap((r) => r.ids);

    ctx.log(
      `newsroom: ${scenario.label}: typing for ${seconds} s (${scenario.clients * KEYS_PER_SECOND} keystrokes/s in all)`,
    );
    const start = performance.timeOrigin + performance.now() + 200;
    for (const t of threads) t.send({ kind: 'go', start, seconds, slots });
    const rss = servers.map(() => 0);
    const cpuBefore = servers.map((s) => s.cpuMs());
    const typed = Promise.all(threads.map((t) => t.next('typed')));
    let finished = false;
    // Its failure is awaited below; this only ends the sampling.
    const stopSampling = (): boolean => (finished = true);
    typed.then(stopSampling, stopSampling);
    while (!finished) {
      servers.forEach((s, i) => (rss[i] = Math.max(rss[i]!, s.rss())));
      await sleep(1000);
    }
    const reports = await typed;
    const cpu = servers.map((s, i) => (s.cpuMs() - cpuBefore[i]!) / (seconds * 1000));
    const sent = reports.reduce((sum, r) => sum + r.sent, 0);
    const overflow = reports.reduce((sum, r) => sum + r.overflow, 0);
    if (overflow > 0) throw new Error(`${overflow} keystrokes found no room in the send-time buffer`);
    const expected = sent * (CLIENTS_PER_PIECE - 1);
    let received = 0;
    const drainUntil = Date.now() + DRAIN_MS;
    ctx.log(
      `newsroom: ${scenario.label}: typing done; waiting up to ${DRAIN_MS / 1000} s for every keystroke to arrive`,
    );
    while (received < expected && Date.now() < drainUntil) {
      for (const t of threads) t.send({ kind: 'count' });
      received = (await Promise.all(threads.map((t) => t.next('count')))).reduce((sum, r) => sum + r.received, 0);
      if (received < expected) await sleep(100);
    }
    for (const t of threads) t.send({ kind: 'finish' });
    const done = await Promise.all(threads.map((t) => t.next('done')));
    const nearMs = done.flatMap((d) => [...d.near]);
    const farMs = done.flatMap((d) => [...d.far]);
    const latencies = [...nearMs, ...farMs];
    return {
      p95: percentile(latencies, 95),
      p50: percentile(latencies, 50),
      nearP95: percentile(nearMs, 95),
      farP95: percentile(farMs, 95),
      storeLockRefusals: servers.reduce((sum, s) => sum + s.lockRefusals(), 0),
      sent,
      expected,
      delivered: latencies.length,
      rss,
      cpu,
      clientLoopP99: Math.max(...done.map((d) => d.loopP99Ms)),
    };
  } finally {
    for (const t of threads) await t.stop();
    for (const server of servers) await server.stop();
    await database.drop();
  }
}

const pct = (n: number): string => `${(n * 100).toFixed(2)} %`;

export async function newsroomBench(ctx: BenchContext): Promise<BenchResult> {
  const seconds = positiveIntFromEnv(ctx.env.DESK_BENCH_SECONDS, 60);
  const names = {
    p95: 'newsroom fan-out p95, 300 clients / 2 instances + Redis (vs 150 / 1)',
    delivered: 'newsroom keystrokes delivered ≤ 30 s after typing, 300 / 2 (vs 150 / 1)',
    memory: 'newsroom server RSS per instance, 150 clients each (2 + Redis vs 1)',
  };
  const services = await check(DESK_SERVICES);
  if (services instanceof Missing) {
    const pass = skipsAllowed(DESK_SERVICES.id) ? null : false;
    return {
      rows: Object.values(names).map((name) => ({
        name,
        measured: 'not measured: no PostgreSQL/Redis',
        baseline: '—',
        ratio: '—',
        target: '—',
        pass,
      })),
      notes: [`newsroom: not measured, ${services.reason}. To measure it: ${DESK_SERVICES.enable}.`],
    };
  }
  const scaled = await runScenario(
    ctx,
    { label: '2 instances + Redis, 300 clients', instances: 2, clients: 300, redisUrl: services.redisUrl },
    seconds,
  );
  const single = await runScenario(
    ctx,
    { label: '1 instance, 150 clients', instances: 1, clients: 150, redisUrl: null },
    seconds,
  );
  const share = (f: Figures): number => f.delivered / f.expected;
  const maxRss = (f: Figures): number => Math.max(...f.rss);
  const rows: BenchRow[] = [
    {
      name: names.p95,
      measured: ms(scaled.p95),
      baseline: ms(single.p95),
      ratio: times(scaled.p95 / single.p95),
      target: '—',
      pass: null,
    },
    {
      name: names.delivered,
      measured: pct(share(scaled)),
      baseline: pct(share(single)),
      ratio: '—',
      // Every keystroke reaches every other client on its piece; one still missing 30 s after the typing stopped has not reached a live editor.
      target: '100 %',
      pass: scaled.delivered === scaled.expected && single.delivered === single.expected,
    },
    {
      name: names.memory,
      measured: mb(maxRss(scaled)),
      baseline: mb(maxRss(single)),
      ratio: times(maxRss(scaled) / maxRss(single)),
      target: '—',
      pass: null,
    },
  ];
  const describe = (label: string, f: Figures): string =>
    `${label}: ${f.sent.toLocaleString('en')} keystrokes sent, ${f.delivered.toLocaleString('en')} of ${f.expected.toLocaleString('en')} receipts within ${DRAIN_MS / 1000} s of the end; ` +
    `fan-out p50 ${ms(f.p50)}, p95 ${ms(f.p95)} (p95 on the sender's instance ${ms(f.nearP95)}${Number.isNaN(f.farP95) ? '' : `, on the other through Redis ${ms(f.farP95)}`}); ` +
    `${f.storeLockRefusals > 0 ? `${f.storeLockRefusals} stores skipped for another instance's Redis lock (logged by Hocuspocus as errors, filtered from the progress); ` : ''}server RSS ${f.rss.map(mb).join(' + ')}, CPU ${f.cpu.map((c) => `${(c * 100).toFixed(0)} %`).join(' + ')} of a core; ` +
    `the client threads' event-loop delay p99 ${ms(f.clientLoopP99)}${f.clientLoopP99 > 100 ? ' (the clients themselves fell behind: on this machine the figures bound clients and servers together)' : ''}.`;
  return {
    rows,
    notes: [
      `newsroom: ${seconds} s of typing per run, ${KEYS_PER_SECOND} keystrokes/s per client, ${CLIENTS_PER_PIECE} clients per piece, fan-out = from the keystroke on one client to its arrival on each other client of the piece; ` +
        `servers as child processes on PostgreSQL (a fresh database per run), clients on ${THREADS} worker threads of the bench process, sharing this machine's cores with the servers.`,
      describe('newsroom, 2 instances + Redis', scaled),
      describe('newsroom, 1 instance', single),
    ],
  };
}
