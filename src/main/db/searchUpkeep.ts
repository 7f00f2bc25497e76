import { SEARCH_INDEXES, type SearchIndex } from './ftsQuery';
import type { Database } from './sqlite';

/**
 * FTS5 adds every save's words to the index as a new segment and merges
 * them only lazily, so a library that has been written in for a while has a
 * score of segments, and a search reads each term's list from every one of
 * them (a sixth of a common word's search time at 100,000 pieces). The
 * upkeep merges them into one, a slice at a time, starting a while after
 * the store opens: saves go on between slices, and closing stops it after
 * the slice under way.
 */

/** Long enough after opening for the app to have painted its library. */
export const SEARCH_UPKEEP_AFTER_MS = 30_000;
/** Below this many segments an index is left as it is. */
export const TIDY_AT_SEGMENTS = 8;
/** Leaf pages merged per transaction: tens of milliseconds of work at 100,000 pieces. */
const PAGES_PER_SLICE = 500;

async function segments(db: Database, index: SearchIndex): Promise<number> {
  return (await db.get<{ n: number }>(`SELECT count(DISTINCT segid) AS n FROM ${index}_idx`))?.n ?? 0;
}

/** One slice of merging; false when there was nothing left to merge. */
function mergeSlice(db: Database, index: SearchIndex): Promise<boolean> {
  return db.transaction(async (tx) => {
    const before = (await tx.get<{ n: number }>('SELECT total_changes() AS n'))!.n;
    // A negative count merges across levels: optimize, done incrementally.
    await tx.run(`INSERT INTO ${index}(${index}, rank) VALUES ('merge', ?)`, [-PAGES_PER_SLICE]);
    const after = (await tx.get<{ n: number }>('SELECT total_changes() AS n'))!.n;
    // FTS5 counts one change for the command itself; more means it merged something.
    return after - before >= 2;
  });
}

/** Merges each search index that has many segments; returns the slices it took. */
export async function tidySearchIndexes(db: Database, stop: () => boolean = () => false): Promise<number> {
  let slices = 0;
  for (const index of SEARCH_INDEXES) {
    if ((await segments(db, index)) < TIDY_AT_SEGMENTS) continue;
    while (!stop() && (await mergeSlice(db, index))) {
      slices++;
      // Lets a save that arrived during the slice take its turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return slices;
}
