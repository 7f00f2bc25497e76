import { performance } from 'node:perf_hooks';
import type { SaveOutcome } from '../../src/common/api';
import { countWords, plainText } from '../../src/common/lexical/document';
import { pieceDocumentName } from '../../src/common/desk/protocol';
import { connectDesk, joinDesk, shareDraft, type DeskDeps } from '../../src/main/desk/service';
import { COMPACT_AFTER_ROWS, countWaiting } from '../../src/main/desk/updateLog';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { between, seeded } from '../support/random';
import { openTestStore, tempDir, type TestStore } from '../support/store';
import { bigDocument, editor } from './bigDraft';
import type { LocalDesk } from './deskLocalServer';
import { sleep } from './deskWire';
import { mb, positiveIntFromEnv, type BenchContext, type BenchResult } from './stats';

/**
 * 4. What a shared piece's local update log (desk_updates) holds after a
 * day of typing: the app's own store, joined to the embedded desk server
 * with its live client following every save, as the app runs. Autosaves of
 * a few changed words every ~2 s of a simulated clock, for BENCH_HOURS
 * (default 8) hours; the log compacts itself as the server acknowledges.
 *
 * The log is measured after each compaction (every COMPACT_AFTER_ROWS
 * saves); once it is past the target the row has failed, and the run stops
 * there rather than spend most of an hour typing into a log that can only
 * grow (Y.mergeUpdates keeps the text of every deletion).
 *
 *   DESK_BENCH_WORDS      length of the shared piece (default 2,000 words)
 *   DESK_BENCH_WHOLE_DAY  1: type all the hours even past the target
 */

const TARGET_BYTES = 20 * 1024 * 1024;

function expectSaved(outcome: SaveOutcome): number {
  if (outcome.kind !== 'saved') throw new Error(`the benchmark's save answered "${outcome.kind}"`);
  return outcome.draft.version;
}

/**
 * Until the live client has carried save `version` into the piece's document
 * and the server has acknowledged every update of it: what two seconds
 * between autosaves leave time for. Polled every millisecond rather than
 * through DeskClient.inStep, whose 25 ms poll would be most of the run.
 */
async function untilSentAndAcknowledged(db: TestStore['ctx']['db'], document: string, version: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // In turn among the store's transactions, so never between a step's statements.
    const done = await db.exclusive(async (q) => {
      const piece = await q.get<{ synced_version: number }>(
        'SELECT synced_version FROM desk_pieces WHERE document = ?',
        [document],
      );
      return (piece?.synced_version ?? 0) >= version && (await countWaiting(q, document)) === 0;
    });
    if (done) return;
    if (Date.now() > deadline) throw new Error(`save ${version} was not sent and acknowledged within 30 s`);
    await sleep(1);
  }
}

async function logOf(
  db: TestStore['ctx']['db'],
  document: string,
): Promise<{ rows: number; bytes: number; waiting: number }> {
  // In turn among the store's transactions: read between a compaction's DELETE and INSERT, the log would look empty.
  const log = await db.exclusive((q) =>
    q.get<{ rows: number; bytes: number; waiting: number }>(
      'SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes, coalesce(sum(acked = 0), 0) AS waiting FROM desk_updates WHERE document = ?',
      [document],
    ),
  );
  return log ?? { rows: 0, bytes: 0, waiting: 0 };
}

export async function storageBench(ctx: BenchContext, desk: LocalDesk): Promise<BenchResult> {
  const hours = positiveIntFromEnv(ctx.env.BENCH_HOURS, 8);
  const words = positiveIntFromEnv(ctx.env.DESK_BENCH_WORDS, 2_000);
  const folder = tempDir('copydesk-bench-desklog-');
  const store = await openTestStore({ dir: folder.dir });
  const deps: DeskDeps = { secrets: new MemorySecretStore(), timeoutMs: 30_000, reconnectDelayMs: 100 };
  try {
    await joinDesk(store.ctx, deps, desk.server.url, desk.tokens[0]);
    const random = seeded(31);
    const doc = bigDocument(words);
    const edit = editor(doc, random);
    const save = store.handlers['drafts.save'];
    const draft = await store.handlers['drafts.create']({ headline: 'A day on the desk', body: doc });
    await shareDraft(store.ctx, draft.id);
    const live = await connectDesk(store.ctx, deps);
    const document = pieceDocumentName(draft.id);
    let version = draft.version;
    let saves = 0;
    let savesSent = 0;
    const begin = store.clock.ms;
    const end = begin + hours * 3_600_000;
    const hoursSince = (now: number): number => (now - begin) / 3_600_000;
    const started = performance.now();
    ctx.log(
      `desk log: ${hours} simulated hours of autosave every ~2 s on a shared ${countWords(plainText(doc)).toLocaleString('en')}-word piece, live client connected`,
    );
    try {
      await live.inStep();
      while (store.clock.ms < end) {
        store.clock.advance(between(random, 1_500, 2_500));
        edit(between(random, 1, 4));
        version = expectSaved(await save({ id: draft.id, expectedVersion: version, reason: 'autosave', body: doc }));
        saves++;
        // The next autosave is two seconds away: the live client has long sent this one and heard the server's answer.
        await untilSentAndAcknowledged(store.ctx.db, document, version);
        if (saves % COMPACT_AFTER_ROWS === 0) {
          const bytes = (await logOf(store.ctx.db, document)).bytes;
          ctx.log(
            `  ${saves.toLocaleString('en')} saves, ${hoursSince(store.clock.ms).toFixed(2)} h simulated: the piece's log holds ${mb(bytes)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
          );
          if (bytes >= TARGET_BYTES && ctx.env.DESK_BENCH_WHOLE_DAY !== '1') break;
        }
      }
      await live.inStep();
      savesSent = (await live.openPieces()).reduce((sum, piece) => sum + piece.savesSent, 0);
    } finally {
      await live.close();
    }
    const log = await logOf(store.ctx.db, document);
    const reached = hoursSince(store.clock.ms);
    const stoppedEarly = store.clock.ms < end;
    const base = await store.ctx.db.get<{ bytes: number }>(
      'SELECT coalesce(length(synced_state), 0) AS bytes FROM desk_pieces WHERE document = ?',
      [document],
    );
    if (log.rows === 0 || !base) throw new Error('the shared piece has no log');
    if (log.waiting > 0) throw new Error(`${log.waiting} of the piece's updates were never acknowledged by the server`);
    return {
      rows: [
        {
          name: `desk log of a shared piece, ${hours} h of typing, compacted`,
          measured: stoppedEarly ? `${mb(log.bytes)} at ${reached.toFixed(1)} h` : mb(log.bytes),
          baseline: '—',
          ratio: '—',
          target: '< 20 MB',
          pass: log.bytes < TARGET_BYTES,
        },
      ],
      notes: [
        `desk log: ${saves.toLocaleString('en')} autosaves (1–4 words changed each) of a shared ${words.toLocaleString('en')}-word piece over ${reached.toFixed(2)} simulated hours${stoppedEarly ? ` (stopped there, ${hours} h asked: the log was past the target)` : ''}, ${savesSent.toLocaleString('en')} of them carried into the document by the live client, each acknowledged before the next; ` +
          `the piece's desk_updates: ${log.rows} row${log.rows === 1 ? '' : 's'} (acknowledged rows merge past ${COMPACT_AFTER_ROWS}), ${mb(log.bytes)}. ` +
          `Beside it the piece keeps its document as last met by the draft (desk_pieces.synced_state): ${mb(base.bytes)}. ${((performance.now() - started) / 1000).toFixed(0)} s of real time.`,
      ],
    };
  } finally {
    await store.close();
    folder.cleanup();
  }
}
