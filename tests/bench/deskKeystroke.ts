import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { connectBare, startBareRelay } from './bareRelay';
import type { LocalDesk } from './deskLocalServer';
import { allSynced, connectWire, sleep } from './deskWire';
import { median, ms, percentile, positiveIntFromEnv, times, type BenchContext, type BenchResult } from './stats';

/**
 * 1. A keystroke on one client until it is applied on another, on loopback:
 * through the desk server, and through the bare relay (bareRelay.ts) carrying
 * the same Yjs update bytes. The two run side by side in one process and
 * take turns keystroke by keystroke (which goes first alternates), so both
 * see the same machine at the same moment.
 *
 *   DESK_BENCH_KEYSTROKES  measured keystrokes per side (default 500)
 */

const TARGET_RATIO = 1.5;
const WARMUP = 50;
/** A quick typist's gap between keys, so each keystroke meets a quiet connection as typing does. */
const GAP_MS = 15;

interface Pair {
  from: Y.Doc;
  to: Y.Doc;
  /** What `from` counts as its own changes; anything else arriving on `to` is a receipt. */
  local: (origin: unknown) => boolean;
}

/** Types one character on `from` and resolves with the milliseconds until `to` has applied it. */
function keystroke(pair: Pair, char: string, timeoutMs = 10_000): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('a keystroke did not arrive within 10 s')), timeoutMs);
    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (!pair.local(origin)) done(null, performance.now() - start);
    };
    const done = (err: Error | null, elapsed = 0): void => {
      clearTimeout(timer);
      pair.to.off('update', onUpdate);
      if (err) reject(err);
      else resolve(elapsed);
    };
    pair.to.on('update', onUpdate);
    const text = pair.from.getText('body');
    const start = performance.now();
    text.insert(text.length, char);
  });
}

export async function keystrokeBench(ctx: BenchContext, desk: LocalDesk): Promise<BenchResult> {
  const measured = positiveIntFromEnv(ctx.env.DESK_BENCH_KEYSTROKES, 500);
  const a = connectWire(desk.server.url, 'bench-keystroke', desk.tokens[0]);
  const b = connectWire(desk.server.url, 'bench-keystroke', desk.tokens[1]);
  const relay = await startBareRelay();
  const bareA = await connectBare(relay.url);
  const bareB = await connectBare(relay.url);
  try {
    await allSynced([a, b]);
    const sides = {
      desk: {
        pair: { from: a.doc, to: b.doc, local: (origin: unknown) => origin !== b.provider },
        samples: [] as number[],
      },
      bare: { pair: { from: bareA.doc, to: bareB.doc, local: () => false }, samples: [] as number[] },
    };
    ctx.log(
      `keystroke: ${measured} measured keystrokes per side (+${WARMUP} warm-up), ${GAP_MS} ms apart, desk server and bare relay taking turns`,
    );
    for (let i = 0; i < WARMUP + measured; i++) {
      const char = String.fromCharCode(97 + (i % 26));
      const order = i % 2 === 0 ? [sides.desk, sides.bare] : [sides.bare, sides.desk];
      for (const side of order) {
        const elapsed = await keystroke(side.pair, char);
        if (i >= WARMUP) side.samples.push(elapsed);
        await sleep(GAP_MS);
      }
    }
    if (b.text.toString() !== a.text.toString()) throw new Error('the desk clients ended with different text');
    const d95 = percentile(sides.desk.samples, 95);
    const r95 = percentile(sides.bare.samples, 95);
    return {
      rows: [
        {
          name: 'desk keystroke → other client, p95, loopback (desk server vs bare relay)',
          measured: ms(d95),
          baseline: ms(r95),
          ratio: times(d95 / r95),
          target: `≤ ${TARGET_RATIO}×`,
          pass: d95 / r95 <= TARGET_RATIO,
        },
        {
          name: 'desk keystroke → other client, p50, loopback (desk server vs bare relay)',
          measured: ms(median(sides.desk.samples)),
          baseline: ms(median(sides.bare.samples)),
          ratio: times(median(sides.desk.samples) / median(sides.bare.samples)),
          target: '—',
          pass: null,
        },
      ],
      notes: [
        `keystroke: two Node clients (HocuspocusProvider over ws) on the embedded desk server (SQLite, in this process), one character appended per keystroke, ${measured} measured per side; ` +
          `baseline = a ws server forwarding each binary message to the other socket, two Y.Docs exchanging the same update bytes. ` +
          `Desk max ${ms(Math.max(...sides.desk.samples))}, relay max ${ms(Math.max(...sides.bare.samples))}.`,
      ],
    };
  } finally {
    a.destroy();
    b.destroy();
    bareA.close();
    bareB.close();
    await relay.stop();
  }
}
