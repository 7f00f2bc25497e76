import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { applyPieceToDoc } from '../../src/common/collab/pieceDoc';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { documentOf } from '../../src/common/lexical/document';
import { sharedPieceWith } from '../support/sharedPiece';
import { connectBare, startBareRelay } from './bareRelay';
import type { LocalDesk } from './deskLocalServer';
import { allSynced, connectWire, sleep, waitFor } from './deskWire';
import { median, ms, percentile, positiveIntFromEnv, times, type BenchContext, type BenchResult } from './stats';

/**
 * 1. A keystroke on one client until it is applied on another, on loopback:
 * through the desk server, and through the bare relay (bareRelay.ts) carrying
 * the same Yjs update bytes. The two run side by side in one process and
 * take turns keystroke by keystroke (which goes first alternates), so both
 * see the same machine at the same moment. The desk's document is a shared
 * piece, typed into its body's last paragraph as the editor's binding types
 * (a character into the paragraph's XmlText), by a writer: so each keystroke
 * meets the server's per-piece work (the write lock, the stored document's
 * readers) as a real one does.
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
  /** Types one character on `from`. */
  type: (char: string) => void;
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
    const start = performance.now();
    pair.type(char);
  });
}

/** A piece of a few paragraphs, as a writer's share leaves it in the document. */
function seedPiece(doc: Y.Doc): void {
  const paragraphs = Array.from({ length: 20 }, (_, i) =>
    paragraphNode([textNode(`Paragraph ${i + 1} of the piece.`)]),
  );
  applyPieceToDoc(doc, sharedPieceWith({ headline: 'Keystroke bench', body: documentOf(paragraphs) }), 'seed');
}

/** Types at the end of the body's last paragraph, as Lexical's binding writes a typed character. */
function typer(doc: Y.Doc): (char: string) => void {
  return (char) => {
    const blocks = doc.get('root', Y.XmlText).toDelta() as Array<{ insert: unknown }>;
    const last = blocks[blocks.length - 1]!.insert as Y.XmlText;
    last.insert(last.length, char);
  };
}

export async function keystrokeBench(ctx: BenchContext, desk: LocalDesk): Promise<BenchResult> {
  const measured = positiveIntFromEnv(ctx.env.DESK_BENCH_KEYSTROKES, 500);
  const document = `piece-bench-keystroke-${Date.now()}`;
  const a = connectWire(desk.server.url, document, desk.tokens[0]);
  const b = connectWire(desk.server.url, document, desk.tokens[1]);
  const relay = await startBareRelay();
  const bareA = await connectBare(relay.url);
  const bareB = await connectBare(relay.url);
  try {
    await allSynced([a, b]);
    seedPiece(a.doc);
    seedPiece(bareA.doc);
    await waitFor(
      'the piece to reach the other client',
      () => b.doc.get('root', Y.XmlText).length > 0 && bareB.doc.get('root', Y.XmlText).length > 0,
    );
    const sides = {
      desk: {
        pair: { from: a.doc, to: b.doc, type: typer(a.doc), local: (origin: unknown) => origin !== b.provider },
        samples: [] as number[],
      },
      bare: {
        pair: { from: bareA.doc, to: bareB.doc, type: typer(bareA.doc), local: () => false },
        samples: [] as number[],
      },
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
    if (b.doc.get('root', Y.XmlText).toString() !== a.doc.get('root', Y.XmlText).toString())
      throw new Error('the desk clients ended with different text');
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
        `keystroke: two Node clients (HocuspocusProvider over ws) on the embedded desk server (SQLite, in this process), a writer and an editor in one shared piece (20 paragraphs), one character typed into the body's last paragraph per keystroke, ${measured} measured per side; ` +
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
