import { writeSync } from 'node:fs';
import type { PublishStep } from '../../src/common/publish';
import { startStore } from '../../src/main/store';

/**
 * The victim of the publish crash test, run as its own process:
 *
 *   node publish-victim.mjs <dbPath> <draftId> <target> <step>
 *
 * publishes the draft (the secret comes from COPYDESK_SECRET_<TARGET>) and,
 * the moment the outbox has committed `step` (`media:first`: the first of
 * several images), says `reached <step> <jobId>`
 * on stdout and stops making progress, so the parent's SIGKILL lands
 * exactly between two steps.
 */

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const [dbPath, draftId, target, stopAfter] = process.argv.slice(2);
  if (!dbPath || !draftId || !target || !stopAfter)
    throw new Error('usage: publish-victim <dbPath> <draftId> <target> <step>');
  const store = await startStore({
    dbPath,
    publish: {
      afterStep: async (job, finished: PublishStep | `media:${string}`) => {
        const reached = stopAfter === 'media:first' ? finished.startsWith('media:') : finished === stopAfter;
        if (!reached) return;
        say(`reached ${stopAfter} ${job.id}`);
        await new Promise<never>(() => undefined);
      },
    },
  });
  const outcome = await store.handlers['publish.run']({ draftId, target, status: 'draft', wait: true });
  say(`finished ${outcome.kind}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`publish-victim failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
