#!/usr/bin/env node
// npm run bench: builds the TypeScript benchmarks under tests/bench/ with
// Vite (the project's own toolchain) into .bench-cache/build/, runs each in
// this process, and prints ONE table of what was measured in this run, with
// the baseline, the ratio, the target and PASS/FAIL per row.
//
//   BENCH_DRAFTS=N   library size for search/list/size (default 100000;
//                    each size's generated library is cached in .bench-cache/)
//   BENCH_HOURS=N    simulated hours of autosave for revision storage (default 8)
//   BENCH_SAVES=N    measured saves of the 10,000-word draft (default 100)
//   DESK_BENCH_SECONDS=N  length of the newsroom load run, each of its two runs (default 60)
//   node scripts/bench.mjs [filter]   only bench files whose name contains filter
//
// Progress goes to stderr; the table to stdout. Exit status 1 if a row fails.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleForNode, PROJECT_ROOT } from './lib/bundle-node.mjs';

const cacheDir = join(PROJECT_ROOT, '.bench-cache');
const log = (line) => process.stderr.write(`${line}\n`);
const filter = process.argv[2] ?? '';

const benchDir = join(PROJECT_ROOT, 'tests', 'bench');
const entries = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort()
  .map((f) => join('tests', 'bench', f));
if (entries.length === 0) {
  log(`No benchmarks under tests/bench/ match "${filter}".`);
  process.exit(2);
}

log(`Building ${entries.join(', ')} …`);
// Imports parse on a worker thread, whose script is built beside the benchmarks (as electron-vite builds it beside the app);
// the desk bench runs server instances as processes of their own and its clients on threads, from scripts built the same way.
const outputs = await bundleForNode(
  [
    ...entries,
    join('src', 'main', 'import', 'parseWorker.ts'),
    join('tests', 'bench', 'deskServerChild.ts'),
    join('tests', 'bench', 'deskNewsroomWorker.ts'),
  ],
  join(cacheDir, 'build'),
);
process.env.COPYDESK_DESK_CLIENTS_WORKER = outputs.pop();
process.env.COPYDESK_DESK_SERVER_CHILD = outputs.pop();
process.env.COPYDESK_IMPORT_WORKER = outputs.pop();

const started = Date.now();
const rows = [];
const notes = [];
for (const [i, output] of outputs.entries()) {
  log(`Running ${entries[i]} …`);
  try {
    const mod = await import(pathToFileURL(output).href);
    const result = await mod.default({ root: PROJECT_ROOT, cacheDir, log, env: process.env });
    rows.push(...result.rows);
    notes.push(...result.notes);
  } catch (err) {
    // One broken benchmark must not hide the others' rows: it becomes a failed row of its own.
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 60);
    rows.push({
      name: `${entries[i]} did not finish`,
      measured: message,
      baseline: '—',
      ratio: '—',
      target: 'runs',
      pass: false,
    });
  }
}

const verdict = (row) => (row.pass === null ? 'info' : row.pass ? 'PASS' : 'FAIL');
const header = ['benchmark', 'measured', 'baseline', 'ratio', 'target', 'result'];
const table = rows.map((r) => [r.name, r.measured, r.baseline, r.ratio, r.target, verdict(r)]);
const widths = header.map((h, c) => Math.max(h.length, ...table.map((t) => t[c].length)));
const line = (cells) =>
  cells
    .map((cell, c) => cell.padEnd(widths[c]))
    .join('  ')
    .trimEnd();

const out = [];
out.push('');
out.push(
  `Copydesk benchmarks — ${new Date().toISOString()}, node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
out.push('');
for (const note of notes) out.push(note);
out.push('');
out.push(line(header));
out.push(line(widths.map((w) => '-'.repeat(w))));
for (const t of table) out.push(line(t));
const failed = rows.filter((r) => r.pass === false);
out.push('');
out.push(
  failed.length === 0
    ? 'All targets met.'
    : `${failed.length} of ${rows.filter((r) => r.pass !== null).length} targets missed.`,
);
process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
