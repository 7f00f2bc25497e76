import { writeSync } from 'node:fs';
import { startStore } from '../../src/main/store';
import { SAVE_LOOP_START, SAVE_LOOP_STEP_MS, saveLoopBody } from './saveLoopBody';

/**
 * The victim of the crash-safety test, run as its own process:
 *
 *   node save-loop.mjs <dbPath>
 *
 * opens the store, creates one draft, then autosaves it as fast as it can,
 * forever, with a body that grows with every version. After each save has
 * resolved it writes `ack <version>` on stdout, synchronously (stdout is a
 * pipe), so every line the parent reads is a save the store acknowledged
 * before the parent's SIGKILL arrived.
 */

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  if (!dbPath) throw new Error('usage: save-loop <dbPath>');
  let clock = SAVE_LOOP_START;
  const store = await startStore({ dbPath, now: () => clock });
  const created = await store.handlers['drafts.create']({ headline: 'Crash safety', body: saveLoopBody(1) });
  say(`draft ${created.id}`);
  let version = created.version;
  for (;;) {
    clock += SAVE_LOOP_STEP_MS;
    const outcome = await store.handlers['drafts.save']({
      id: created.id,
      expectedVersion: version,
      reason: 'autosave',
      body: saveLoopBody(version + 1),
    });
    if (outcome.kind !== 'saved' || outcome.draft.version !== version + 1) {
      throw new Error(`save from version ${version} answered ${outcome.kind} (${JSON.stringify('draft' in outcome ? outcome.draft.version : outcome.current.version)})`);
    }
    version = outcome.draft.version;
    say(`ack ${version}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`save-loop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
