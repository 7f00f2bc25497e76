import { writeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { SaveOutcome } from '../../src/common/api';
import { connectDesk, joinDesk, shareDraft, syncDesk, type DeskDeps } from '../../src/main/desk/service';
import { toApiError } from '../../src/main/ipc/dispatch';
import { MemorySecretStore, secretEnvName } from '../../src/main/publish/secrets';
import { startStore } from '../../src/main/store';
import { SAVE_LOOP_START, SAVE_LOOP_STEP_MS, saveLoopBody } from './saveLoopBody';

/**
 * The victim of the crash-safety and disk-fault tests, run as its own process:
 *
 *   node save-loop.mjs <dbPath> [--keep-going | --desk <url>]
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
 *
 * With --desk (the crash test's shared trials) it first joins the desk at
 * <url> with the token in COPYDESK_DESK_TOKEN, shares the draft, syncs it
 * and starts the app's live client, prints `shared <document>`, and waits
 * for a `go` line before saving. The live client carries every save into
 * the piece's update log. A `down` line (the parent has stopped the server)
 * prints `down <last acknowledged version>`: every save begun after that
 * one was made with the desk unreachable. A background problem of the
 * client prints `problem <message>`.
 */

const WEBHOOK = 'Disk fault desk';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  const keepGoing = process.argv[3] === '--keep-going';
  const deskUrl = process.argv[3] === '--desk' ? process.argv[4] : undefined;
  if (!dbPath || (process.argv[3] === '--desk' && !deskUrl))
    throw new Error('usage: save-loop <dbPath> [--keep-going | --desk <url>]');
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
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'post-1', url: 'http://127.0.0.1/post-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    process.env[secretEnvName(WEBHOOK)] = 'a webhook secret for the disk-fault test';
    await store.handlers['targets.add']({
      name: WEBHOOK,
      kind: 'webhook',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      user: '',
      options: {},
    });
    const publish = async (): Promise<void> => {
      try {
        const outcome = await store.handlers['publish.run']({
          draftId: created.id,
          target: WEBHOOK,
          status: 'draft',
          wait: false,
        });
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
  let version = created.version;
  if (deskUrl) {
    const lines = createInterface({ input: process.stdin });
    const go = new Promise<void>((resolve) => {
      lines.on('line', (line) => {
        if (line === 'go') resolve();
        else if (line === 'down') say(`down ${version}`);
      });
    });
    // The app's own secret store would keep the token across the kill; the parent holds it for the reopened store.
    const deps: DeskDeps = { secrets: new MemorySecretStore(), timeoutMs: 20_000, reconnectDelayMs: 50 };
    await joinDesk(store.ctx, deps, deskUrl, process.env.COPYDESK_DESK_TOKEN ?? '');
    const { document } = await shareDraft(store.ctx, created.id);
    // The desk holds the piece's first version, so what is waiting at the kill is the saves since.
    await syncDesk(store.ctx, deps);
    const live = await connectDesk(store.ctx, {
      ...deps,
      onProblem: (error) => say(`problem ${JSON.stringify(error.message)}`),
    });
    await live.welcome({ failWhenUnreachable: true });
    say(`shared ${document}`);
    await go;
  }
  say(`draft ${created.id}`);
  while (!stopping) {
    clock += SAVE_LOOP_STEP_MS;
    const input = {
      id: created.id,
      expectedVersion: version,
      reason: 'autosave' as const,
      body: saveLoopBody(version + 1),
    };
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
      throw new Error(
        `save from version ${version} answered ${outcome.kind} (${JSON.stringify('draft' in outcome ? outcome.draft.version : outcome.current.version)})`,
      );
    }
    version = outcome.draft.version;
    say(`ack ${version}`);
  }
  if (keepGoing) {
    say(`waiting ${(await store.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM draft_edits'))!.n}`);
    // The outbox carries on, as the app's scheduler would: a publish the disk refused outright is asked for again.
    const queued = await store.outbox.resumeDue();
    if (jobId === null && queued.length === 0) {
      const outcome = await store.handlers['publish.run']({
        draftId: created.id,
        target: WEBHOOK,
        status: 'draft',
        wait: true,
      });
      if (outcome.kind === 'job') jobId = outcome.job.id;
    }
    const job = jobId ? await store.outbox.getJob(jobId) : null;
    say(`job ${job?.state ?? 'none'} ${deliveries} ${JSON.stringify(job?.lastError ?? null)}`);
    const jobs = await store.ctx.db.all<{ state: string; last_error: string | null }>(
      'SELECT state, last_error FROM publish_jobs ORDER BY created_at',
    );
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
