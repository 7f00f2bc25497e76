import { writeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { SaveOutcome } from '../../src/common/api';
import { toApiError } from '../../src/main/ipc/dispatch';
import { secretEnvName } from '../../src/main/publish/secrets';
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
 * is tried again, unchanged, until it is acknowledged. It also serves a
 * webhook target on loopback: a `publish` line on stdin queues a publish
 * of the draft to it (`queued <job id>` or `refused publish <error>`). A
 * `stop` line ends the loop: it prints `waiting <n>` (the autosave edits not
 * yet settled), resumes the outbox and prints `job <state> <deliveries>
 * <last error>` for the last publish and `jobs <JSON>` for them all, closes the store (which settles the edits) and prints
 * `closed`.
 */

const WEBHOOK = 'Disk fault desk';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  const keepGoing = process.argv[3] === '--keep-going';
  if (!dbPath) throw new Error('usage: save-loop <dbPath> [--keep-going]');
  let clock = SAVE_LOOP_START;
  const store = await startStore({ dbPath, now: () => clock, publish: { backoff: () => 20 } });
  const created = await store.handlers['drafts.create']({ headline: 'Crash safety', body: saveLoopBody(1) });
  let stopping = false;
  let jobId: string | null = null;
  let deliveries = 0;
  if (keepGoing) {
    // A webhook on this process's own loopback, for a publish queued while the disk fails.
    const server = createServer((req, res) => {
      req.resume().on('end', () => {
        deliveries++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'post-1', url: 'http://127.0.0.1/post-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    process.env[secretEnvName(WEBHOOK)] = 'a webhook secret for the disk-fault test';
    await store.handlers['targets.add']({ name: WEBHOOK, kind: 'webhook', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, user: '', options: {} });
    const publish = async (): Promise<void> => {
      try {
        const outcome = await store.handlers['publish.run']({ draftId: created.id, target: WEBHOOK, status: 'draft', wait: false });
        if (outcome.kind === 'job') jobId = outcome.job.id;
        say(`queued ${jobId}`);
      } catch (err) {
        const result = toApiError(err, () => undefined);
        say(`refused publish ${JSON.stringify(result.ok ? null : result.error)}`);
      }
    };
    createInterface({ input: process.stdin }).on('line', (line) => {
      if (line === 'publish') void publish();
      stopping ||= line === 'stop';
    });
  }
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
  if (keepGoing) {
    say(`waiting ${(await store.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM draft_edits'))!.n}`);
    // The outbox carries on, as the app's scheduler would: a publish the disk refused outright is asked for again.
    const queued = await store.outbox.resumeDue();
    if (jobId === null && queued.length === 0) {
      const outcome = await store.handlers['publish.run']({ draftId: created.id, target: WEBHOOK, status: 'draft', wait: true });
      if (outcome.kind === 'job') jobId = outcome.job.id;
    }
    const job = jobId ? await store.outbox.getJob(jobId) : null;
    say(`job ${job?.state ?? 'none'} ${deliveries} ${JSON.stringify(job?.lastError ?? null)}`);
    const jobs = await store.ctx.db.all<{ state: string; last_error: string | null }>('SELECT state, last_error FROM publish_jobs ORDER BY created_at');
    say(`jobs ${JSON.stringify(jobs)}`);
  }
  await store.close();
  say('closed');
  process.stdin.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`save-loop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
