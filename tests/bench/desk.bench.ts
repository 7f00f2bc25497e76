import { keystrokeBench } from './deskKeystroke';
import { startLocalDesk } from './deskLocalServer';
import { newsroomBench } from './deskNewsroom';
import { offlineBench } from './deskOffline';
import { storageBench } from './deskStorage';
import type { BenchContext, BenchResult } from './stats';

/**
 * The team desk's benchmarks (docs/TESTING.md, "Benchmarks"), issue #13:
 *
 *   1. a keystroke from one client to another through the desk server, against a bare relay (deskKeystroke.ts)
 *   2. two clients' offline edits after reconnecting: time to converge, bytes sent (deskOffline.ts)
 *   3. a newsroom of 300 clients on two instances sharing Redis, against 150 on one (deskNewsroom.ts)
 *   4. a shared piece's local update log after a day of typing (deskStorage.ts)
 *
 * 1, 2 and 4 use the embedded server (SQLite, in this process); 3 needs
 * the PostgreSQL and Redis of scripts/desk/services.sh and reports itself
 * as not measured without them.
 *
 *   DESK_BENCH_KEYSTROKES  measured keystrokes per side in 1 (default 500)
 *   DESK_BENCH_SECONDS     typing per run in 3 (default 60)
 *   BENCH_HOURS            simulated hours of typing in 4 (default 8)
 *   DESK_BENCH_WORDS       length of the shared piece in 4 (default 2,000)
 *   DESK_BENCH_WHOLE_DAY   1: row 4 types all its hours even once past its target
 */
export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const parts: BenchResult[] = [];
  const desk = await startLocalDesk();
  try {
    parts.push(await keystrokeBench(ctx, desk));
    parts.push(await offlineBench(ctx, desk));
    parts.push(await storageBench(ctx, desk));
  } finally {
    await desk.close();
  }
  parts.push(await newsroomBench(ctx));
  return { rows: parts.flatMap((p) => p.rows), notes: parts.flatMap((p) => p.notes) };
}
