import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SaveOutcome } from '../../src/common/api';
import { toApiError } from '../../src/main/ipc/dispatch';
import { startStore } from '../../src/main/store';
import { SAVE_LOOP_START, SAVE_LOOP_STEP_MS, saveLoopBody } from './saveLoopBody';

/**
 * The victim of the crash-safety and disk-fault tests, run as its own process:
 *
 *   node save-loop.mjs <dbPath> [--keep-going]
 *
 * opens the store, creates one draft, then autosaves it as fast as it can,
 * forever, with a body that grows with every version. After each save has
 * resolved it writes `ack <version>` on stdout, synchronously (stdout is a
 * pipe), so every line the parent reads is a save the store acknowledged
 * before the parent's SIGKILL arrived.
 *
 * With --keep-going (the disk-fault test) a save the store refuses prints
 * `refused <version> <error as JSON>`, the error as the API answers it, and
 * is tried again, unchanged, until it is acknowledged. A `stop` line on stdin prints `waiting <n>` (the
 * autosave edits not yet settled), closes the store (which settles them)
 * and prints `closed`.
 */

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  const keepGoing = process.argv[3] === '--keep-going';
  if (!dbPath) throw new Error('usage: save-loop <dbPath> [--keep-going]');
  let clock = SAVE_LOOP_START;
  const store = await startStore({ dbPath, now: () => clock });
  let stopping = false;
  if (keepGoing) createInterface({ input: process.stdin }).on('line', (line) => (stopping ||= line === 'stop'));
  const created = await store.handlers['drafts.create']({ headline: 'Crash safety', body: saveLoopBody(1) });
  say(`draft ${created.id}`);
  let version = created.version;
  while (!stopping) {
    clock += SAVE_LOOP_STEP_MS;
    const input = { id: created.id, expectedVersion: version, reason: 'autosave' as const, body: saveLoopBody(version + 1) };
    let outcome: SaveOutcome;
    try {
      outcome = await store.handlers['drafts.save'](input);
    } catch (err) {
      if (!keepGoing) throw err;
      // What the app's transport answers the renderer with (dispatch's own catch).
      const result = toApiError(err, () => undefined);
      say(`refused ${version + 1} ${JSON.stringify(result.ok ? null : result.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    if (outcome.kind !== 'saved' || outcome.draft.version !== version + 1) {
      throw new Error(`save from version ${version} answered ${outcome.kind} (${JSON.stringify('draft' in outcome ? outcome.draft.version : outcome.current.version)})`);
    }
    version = outcome.draft.version;
    say(`ack ${version}`);
  }
  if (keepGoing) say(`waiting ${(await store.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM draft_edits'))!.n}`);
  await store.close();
  say('closed');
  process.stdin.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`save-loop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
