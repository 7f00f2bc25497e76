import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SaveOutcome } from '../../src/common/api';
import { countWords, plainText } from '../../src/common/lexical/document';
import { SETTLE_AFTER_EDITS, SETTLE_AFTER_IDLE_MS } from '../../src/main/services/bodyJournal';
import { startStore, type RunningStore } from '../../src/main/store';
import { between, seeded } from '../support/random';
import { bigDocument, editor } from './bigDraft';
import { corpus, QUERY_TERMS } from './corpus';
import {
  mb,
  median,
  ms,
  percentile,
  positiveIntFromEnv,
  timed,
  times,
  type BenchContext,
  type BenchResult,
  type BenchRow,
} from './stats';

/**
 * The store's benchmarks (docs/TESTING.md, "Benchmarks"): saving against a raw file write,
 * search against a LIKE scan, the library's first page, and what the file
 * costs on disk. Each returns rows for the one table scripts/bench.mjs
 * prints.
 *
 *   BENCH_DRAFTS  library size for search/list/size (default 100000)
 *   BENCH_HOURS   simulated hours of autosave for revision storage (default 8)
 *   BENCH_SAVES   measured saves of the 10,000-word draft (default 100)
 */

const DAY0 = Date.parse('2026-11-27T09:00:00Z');

function expectSaved(outcome: SaveOutcome): number {
  if (outcome.kind !== 'saved') throw new Error(`the benchmark's save answered "${outcome.kind}"`);
  return outcome.draft.version;
}

async function checkpointedSize(store: RunningStore, path: string): Promise<number> {
  await store.ctx.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return statSync(path).size;
}

/** 1. drafts.save of a 10,000-word piece against writing the same JSON to a file and fsyncing it. */
async function saveBench(ctx: BenchContext, dir: string): Promise<BenchResult> {
  const saves = positiveIntFromEnv(ctx.env.BENCH_SAVES, 100);
  const random = seeded(7);
  const doc = bigDocument(10_000);
  const edit = editor(doc, random);
  const words = countWords(plainText(doc));
  let clock = DAY0;
  const dbPath = join(dir, 'save.db');
  const rawPath = join(dir, 'save.json');
  const store = await startStore({ dbPath, now: () => clock });
  const save = store.handlers['drafts.save'];
  const draft = await store.handlers['drafts.create']({ headline: 'A 10,000-word feature', body: doc });
  let version = draft.version;

  const rawWrite = async (bytes: Buffer) => {
    const file = await open(rawPath, 'w');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
  };
  const storeMs: number[] = [];
  const rawMs: number[] = [];
  const serialiseMs: number[] = [];
  // Enough unmeasured saves for the JIT to settle on both sides (the first dozen compile the compare and the write path).
  const warmup = 20;
  ctx.log(
    `save: ${words.toLocaleString('en')} words, ${saves} measured saves (+${warmup} warm-up), each 3 words changed, autosave every 2 s of clock`,
  );
  for (let i = 0; i < warmup + saves; i++) {
    edit(3);
    clock += 2_000;
    const serialised = await timed(async () => Buffer.from(JSON.stringify(doc)));
    const bytes = serialised.value;
    if (i >= warmup) serialiseMs.push(serialised.ms);
    // Alternate which goes first, so neither always follows the other's fsync.
    const runStore = async () => {
      const t = await timed(() => save({ id: draft.id, expectedVersion: version, reason: 'autosave', body: doc }));
      version = expectSaved(t.value);
      if (i >= warmup) storeMs.push(t.ms);
    };
    const runRaw = async () => {
      const t = await timed(() => rawWrite(bytes));
      if (i >= warmup) rawMs.push(t.ms);
    };
    if (i % 2 === 0) {
      await runStore();
      await runRaw();
    } else {
      await runRaw();
      await runStore();
    }
  }
  const bodyBytes = Buffer.byteLength(JSON.stringify(doc));
  const journalBytes = (await store.ctx.db.all<{ n: number }>('SELECT length(edit) AS n FROM draft_edits')).map(
    (r) => r.n,
  );

  // What the journal defers, and what a save costs when it cannot use it (for the notes, not the verdict).
  const settleMs: number[] = [];
  const wholeMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    edit(3);
    clock += 2_000;
    version = expectSaved(await save({ id: draft.id, expectedVersion: version, reason: 'autosave', body: doc }));
    settleMs.push((await timed(() => store.ctx.journal.settleWaiting())).ms);
    // A changed headline alongside the body writes the whole piece, as the first save of a session does.
    edit(3);
    clock += 2_000;
    const whole = await timed(() =>
      save({
        id: draft.id,
        expectedVersion: version,
        reason: 'autosave',
        headline: `A 10,000-word feature (${i})`,
        body: doc,
      }),
    );
    version = expectSaved(whole.value);
    wholeMs.push(whole.ms);
  }
  await store.close();

  const sMed = median(storeMs);
  const s95 = percentile(storeMs, 95);
  const rMed = median(rawMs);
  const r95 = percentile(rawMs, 95);
  const withSerialise = rawMs.map((raw, i) => raw + serialiseMs[i]!);
  const rows: BenchRow[] = [
    {
      name: 'save 10k words, median (drafts.save vs write+fsync)',
      measured: ms(sMed),
      baseline: ms(rMed),
      ratio: times(sMed / rMed),
      target: '≤ 2×',
      pass: sMed / rMed <= 2,
    },
    {
      name: 'save 10k words, p95 (drafts.save vs write+fsync)',
      measured: ms(s95),
      baseline: ms(r95),
      ratio: times(s95 / r95),
      target: '≤ 2×',
      pass: s95 / r95 <= 2,
    },
    {
      name: 'save 10k words, median (drafts.save vs JSON.stringify+write+fsync)',
      measured: ms(sMed),
      baseline: ms(median(withSerialise)),
      ratio: times(sMed / median(withSerialise)),
      target: '—',
      pass: null,
    },
  ];
  const notes = [
    `save: ${words.toLocaleString('en')}-word piece, ${(bodyBytes / 1024).toFixed(0)} KiB of Lexical JSON; baseline = open, writeFile of the same JSON bytes (already serialised), fsync, close.`,
    `save: an autosave records the blocks it changed (edit journal, median ${(median(journalBytes) / 1024).toFixed(1)} KiB per save here); ` +
      `settling a piece (whole body, plain text, FTS re-index; after ${SETTLE_AFTER_IDLE_MS / 1000} s idle, ${SETTLE_AFTER_EDITS} edits, before a search, at close) median ${ms(median(settleMs))}; ` +
      `a save that writes the whole piece (first of a session, or with a changed headline) median ${ms(median(wholeMs))}, p95 ${ms(percentile(wholeMs, 95))}.`,
  ];
  rows.push({
    name: 'settle of a 10k-word piece after its autosaves (background)',
    measured: ms(median(settleMs)),
    baseline: '—',
    ratio: '—',
    target: '—',
    pass: null,
  });
  return { rows, notes };
}

const LIKE_SQL = `SELECT id, headline, updated_at, count(*) OVER () AS total
  FROM drafts WHERE trashed_at IS NULL AND body_text LIKE ? LIMIT 50`;

/** 2–4a. Search, the first page of the library, and size on disk, over the generated library. */
async function libraryBench(ctx: BenchContext): Promise<BenchResult> {
  const drafts = positiveIntFromEnv(ctx.env.BENCH_DRAFTS, 100_000);
  ctx.log(`library: ${drafts.toLocaleString('en')} drafts (cached under ${ctx.cacheDir})`);
  const info = await corpus(ctx.cacheDir, drafts, ctx.log);
  ctx.log(info.generatedNow ? `library: generated ${info.path}` : `library: reusing ${info.path}`);
  const opened = await timed(() => startStore({ dbPath: info.path, searchUpkeepAfterMs: 0 }));
  const store = opened.value;
  ctx.log(`library: opened in ${ms(opened.ms)} (includes the integrity quick_check)`);
  // The app merges the search index's segments in the background after opening; a library in use has had that done.
  // Started at once here, and waited for.
  const upkeep = await timed(() => store.searchUpkeep);
  ctx.log(
    `library: search index upkeep ${upkeep.value === 0 ? 'had nothing to do' : `merged the index in ${upkeep.value} slices, ${ms(upkeep.ms)}`}`,
  );
  const list = store.handlers['drafts.list'];
  const { db } = store.ctx;
  const size = await checkpointedSize(store, info.path);

  const termFts = new Map<string, number[]>();
  const termLike = new Map<string, number[]>();
  const termTotal = new Map<string, { fts: number; like: number }>();
  const ftsReps = 15;
  const likeReps = 3;
  ctx.log(`search: warming up (${QUERY_TERMS.length} terms)`);
  for (const term of QUERY_TERMS) {
    const page = await list({ query: term, trashed: false, offset: 0, limit: 50 });
    const like = await db.all<{ total: number }>(LIKE_SQL, [`%${term}%`]);
    termTotal.set(term, { fts: page.total, like: like[0]?.total ?? 0 });
  }
  ctx.log(`search: ${ftsReps} rounds of drafts.list({query}) over ${QUERY_TERMS.length} terms`);
  for (let rep = 0; rep < ftsReps; rep++) {
    for (const term of QUERY_TERMS) {
      const t = await timed(() => list({ query: term, trashed: false, offset: 0, limit: 50 }));
      termFts.set(term, [...(termFts.get(term) ?? []), t.ms]);
    }
  }
  ctx.log(`search: ${likeReps} rounds of the LIKE scan over ${QUERY_TERMS.length} terms`);
  for (let rep = 0; rep < likeReps; rep++) {
    for (const term of QUERY_TERMS) {
      const t = await timed(() => db.all(LIKE_SQL, [`%${term}%`]));
      termLike.set(term, [...(termLike.get(term) ?? []), t.ms]);
    }
  }
  const ftsAll = [...termFts.values()].flat();
  const likeAll = [...termLike.values()].flat();
  const fts95 = percentile(ftsAll, 95);
  const like95 = percentile(likeAll, 95);

  ctx.log('library: first page, 50 rounds');
  const pageMs: number[] = [];
  const readers = store.ctx.readers.size;
  await list({ trashed: false, offset: 0, limit: 50 });
  for (let i = 0; i < 50; i++) pageMs.push((await timed(() => list({ trashed: false, offset: 0, limit: 50 }))).ms);
  await store.close();

  const n = drafts.toLocaleString('en');
  const rows: BenchRow[] = [
    {
      name: `search p95, ${n} drafts (FTS drafts.list vs LIKE scan)`,
      measured: ms(fts95),
      baseline: ms(like95),
      ratio: `${times(like95 / fts95)} faster`,
      target: '≥ 50× faster',
      pass: like95 / fts95 >= 50,
    },
    {
      name: `search p50, ${n} drafts (FTS drafts.list vs LIKE scan)`,
      measured: ms(median(ftsAll)),
      baseline: ms(median(likeAll)),
      ratio: `${times(median(likeAll) / median(ftsAll))} faster`,
      target: '—',
      pass: null,
    },
    {
      name: `library first page p50 / p95, ${n} drafts (limit 50)`,
      measured: `${ms(median(pageMs))} / ${ms(percentile(pageMs, 95))}`,
      baseline: '—',
      ratio: '—',
      target: '—',
      pass: null,
    },
    {
      name: `database size per 1,000 drafts (${n} drafts: ${mb(size)})`,
      measured: mb(size / (drafts / 1000)),
      baseline: '—',
      ratio: '—',
      target: '—',
      pass: null,
    },
  ];
  const notes = [
    `search: ${ftsReps}× each term through drafts.list({query, limit: 50}) (bm25 order, snippets, total; ranked over ${readers} read connections); baseline ${likeReps}× each: ` +
      `${LIKE_SQL.replace(/\s+/g, ' ')} (one scan gives the page and the total).`,
    ...QUERY_TERMS.map((term) => {
      const totals = termTotal.get(term)!;
      return (
        `  "${term}": FTS matches ${totals.fts.toLocaleString('en')} (${((100 * totals.fts) / drafts).toFixed(1)} %), median ${ms(median(termFts.get(term)!))}, p95 ${ms(percentile(termFts.get(term)!, 95))}; ` +
        `LIKE body_text matches ${totals.like.toLocaleString('en')}, median ${ms(median(termLike.get(term)!))}; ` +
        `median ratio ${times(median(termLike.get(term)!) / median(termFts.get(term)!))}`
      );
    }),
  ];
  return { rows, notes };
}

/** 4b. Eight hours of autosaves on one 10,000-word piece: what the revisions cost on disk. */
async function revisionBench(ctx: BenchContext, dir: string): Promise<BenchResult> {
  const hours = positiveIntFromEnv(ctx.env.BENCH_HOURS, 8);
  const random = seeded(11);
  const doc = bigDocument(10_000);
  const edit = editor(doc, random);
  let clock = DAY0;
  const dbPath = join(dir, 'revisions.db');
  const store = await startStore({ dbPath, now: () => clock });
  const save = store.handlers['drafts.save'];
  const draft = await store.handlers['drafts.create']({ headline: 'A day at the desk', body: doc });
  const before = await checkpointedSize(store, dbPath);
  let version = draft.version;
  const end = DAY0 + hours * 3_600_000;
  let saves = 0;
  ctx.log(
    `revisions: ${hours} simulated hours of autosave every ~2 s (about ${Math.round((hours * 3600) / 2).toLocaleString('en')} saves)`,
  );
  const started = Date.now();
  while (clock < end) {
    clock += between(random, 1_500, 2_500);
    edit(between(random, 1, 4));
    version = expectSaved(await save({ id: draft.id, expectedVersion: version, reason: 'autosave', body: doc }));
    saves++;
    if (saves % 2000 === 0)
      ctx.log(
        `  ${saves.toLocaleString('en')} saves (${((clock - DAY0) / 3_600_000).toFixed(1)} h simulated, ${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  const after = await checkpointedSize(store, dbPath);
  const rev = await store.ctx.db.get<{ n: number; bytes: number }>(
    'SELECT count(*) AS n, coalesce(sum(length(snapshot)), 0) AS bytes FROM revisions',
  );
  const free = await store.ctx.db.get<{ freelist_count: number }>('PRAGMA freelist_count');
  const pageSize = await store.ctx.db.get<{ page_size: number }>('PRAGMA page_size');
  await store.close();
  const growth = after - before;
  return {
    rows: [
      {
        name: `revision storage, ${hours} h of autosave on a 10k-word draft`,
        measured: mb(growth),
        baseline: '—',
        ratio: '—',
        target: '< 20 MB',
        pass: growth < 20 * 1024 * 1024,
      },
    ],
    notes: [
      `revisions: ${saves.toLocaleString('en')} autosaves kept ${rev!.n} snapshots (${mb(rev!.bytes)} of brotli payload); ` +
        `the file grew ${mb(growth)} (${mb(before)} → ${mb(after)}, ${mb(free!.freelist_count * pageSize!.page_size)} of it free pages).`,
    ],
  };
}

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-'));
  try {
    const parts = [await saveBench(ctx, dir), await libraryBench(ctx), await revisionBench(ctx, dir)];
    return { rows: parts.flatMap((p) => p.rows), notes: parts.flatMap((p) => p.notes) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
