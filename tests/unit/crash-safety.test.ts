import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bundleForNode, PROJECT_ROOT } from '../../scripts/lib/bundle-node.mjs';
import { pieceFromDoc } from '../../src/common/collab/pieceDoc';
import { pieceDocumentName } from '../../src/common/desk/protocol';
import type { Draft } from '../../src/common/domain';
import { plainText, wordCount, type LexicalDocument } from '../../src/common/lexical/document';
import { Database } from '../../src/main/db/sqlite';
import { DESK_TOKEN_SECRET, deskStatus, joinDesk, syncDesk, type DeskDeps } from '../../src/main/desk/service';
import { countWaiting, loadState } from '../../src/main/desk/updateLog';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { startStore, type RunningStore } from '../../src/main/store';
import { startDeskServer, type DeskServer } from '../../src/server/deskServer';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { positiveInt } from '../support/env';
import { between, seeded } from '../support/random';
import { saveLoopBody } from '../support/saveLoopBody';
import { openTestStore, tempDir } from '../support/store';
import { expectSearchIndexesInStep } from './_support';

/**
 * Kill -9 in the middle of a save, many times, at random moments: every
 * save the store acknowledged must be there afterwards, whole, and the file
 * must open cleanly. A child process autosaves one draft in a tight loop
 * (tests/support/save-loop.ts) and prints each acknowledged version; this
 * test SIGKILLs it 50–400 ms after its first acknowledgement and reopens
 * the database the way the app would.
 *
 * Every other trial the draft is shared with a newsroom desk (a real
 * server in this process) and the desk goes down, before the save loop or
 * at a random moment in it, so the kill lands with edits waiting to be
 * sent: the piece's update log must still load, hold exactly the save it
 * says it holds, count what waits, and, once the desk is back, a sync must
 * bring the last acknowledged save to a second machine.
 *
 * CRASH_TRIALS sets the number of kills (default 20; `npm run soak` runs
 * 100). CRASH_SEED replays a run's kill moments; the seed is in every test
 * name. SIGKILL leaves the OS page cache intact, so this proves atomic,
 * acknowledged-means-committed saves; it does not simulate power loss,
 * which is what synchronous=FULL is for.
 */

const TRIALS = positiveInt(process.env.CRASH_TRIALS, 20);
const SEED = positiveInt(process.env.CRASH_SEED, Math.floor(Math.random() * 2 ** 31));
const MIN_DELAY_MS = 50;
const MAX_DELAY_MS = 400;
/** How long the child may take to start and acknowledge its first save before the trial fails. */
const FIRST_ACK_DEADLINE_MS = 30_000;

const random = seeded(SEED);
const delays = Array.from({ length: TRIALS }, () => between(random, MIN_DELAY_MS, MAX_DELAY_MS));
/**
 * Each shared trial's desk goes down before the loop (null) or this long
 * after the first acknowledged save: at most half the kill delay, so the
 * server has usually stopped, and saves been made without it, by the kill.
 */
const deskStops = delays.map((delayMs, i) => {
  if (i % 2 === 0) return undefined;
  return random() < 0.5 ? null : between(random, 0, Math.floor(delayMs / 2));
});

const decompress = promisify(brotliDecompress);
const buildDir = join(PROJECT_ROOT, 'node_modules', '.cache', `copydesk-crash-safety-${process.pid}`);
let childScript = '';

interface ChildRun {
  draftId: string | null;
  acks: number[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
  killed: boolean;
  /** Shared trials: the piece's document, as the child reported it. */
  document: string | null;
  /** The last version the child had acknowledged when it heard the desk was down; null if the kill came first. */
  downAt: number | null;
  /** What the child's desk client reported going wrong in the background. */
  problems: string[];
}

/**
 * A shared trial's newsroom server, on its own SQLite store: it can stop
 * and come back on the same port, where the child's desk address points.
 */
class TrialDesk {
  private server: DeskServer | null = null;
  private port = 0;
  private constructor(
    private readonly store: SqliteDocumentStore,
    readonly token: string,
    readonly secondToken: string,
  ) {}

  static async open(dir: string): Promise<TrialDesk> {
    const store = await SqliteDocumentStore.open(dir);
    const desk = new TrialDesk(store, await store.addUser('Ada', 'writer'), await store.addUser('Ed', 'editor'));
    await desk.start();
    return desk;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = await startDeskServer({ store: this.store, port: this.port, storeDebounceMs: 50 });
    this.port = this.server.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.store.close();
  }
}

/** When a shared trial's desk goes down: `stopAfterMs` after the first acknowledged save, or before the loop when null. */
interface DeskPlan {
  desk: TrialDesk;
  stopAfterMs: number | null;
}

/**
 * Runs the save loop on `dbPath` and SIGKILLs it `delayMs` after its first
 * acknowledged save. With a desk plan the child shares its draft first and
 * the desk is stopped as planned; the run resolves once that stop is over.
 */
function runAndKill(dbPath: string, delayMs: number, plan?: DeskPlan): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const args = plan ? [childScript, dbPath, '--desk', plan.desk.url] : [childScript, dbPath];
    const child = spawn(process.execPath, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: plan ? { ...process.env, COPYDESK_DESK_TOKEN: plan.desk.token } : process.env,
    });
    const run: ChildRun = {
      draftId: null,
      acks: [],
      signal: null,
      code: null,
      stderr: '',
      killed: false,
      document: null,
      downAt: null,
      problems: [],
    };
    let pending = '';
    let killTimer: NodeJS.Timeout | undefined;
    let stopTimer: NodeJS.Timeout | undefined;
    let stopping: Promise<void> = Promise.resolve();
    const tell = (lines: string): void => {
      child.stdin.write(lines);
    };
    // A line sent as the kill lands finds the pipe closed: expected, not a failure.
    child.stdin.on('error', () => undefined);
    const takeDeskDown = (then: string): void => {
      stopping = plan!.desk.stop().then(() => tell(then));
    };
    const deadline = setTimeout(() => child.kill('SIGKILL'), FIRST_ACK_DEADLINE_MS);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (run.stderr += chunk));
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [word, value] = line.split(' ');
        if (word === 'draft' && value) run.draftId = value;
        else if (word === 'ack' && value) run.acks.push(Number(value));
        else if (word === 'down' && value) run.downAt = Number(value);
        else if (word === 'problem') run.problems.push(line);
        else if (word === 'shared' && value) {
          run.document = value;
          if (plan!.stopAfterMs === null) takeDeskDown('down\ngo\n');
          else tell('go\n');
        }
      }
      if (run.acks.length > 0 && killTimer === undefined) {
        clearTimeout(deadline);
        killTimer = setTimeout(() => {
          run.killed = child.kill('SIGKILL');
        }, delayMs);
        if (plan?.stopAfterMs != null) stopTimer = setTimeout(() => takeDeskDown('down\n'), plan.stopAfterMs);
      }
    });
    child.on('error', reject);
    // 'close' waits for stdout to drain, so every line written before the kill is counted.
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      if (stopTimer) clearTimeout(stopTimer);
      run.code = code;
      run.signal = signal;
      stopping.then(() => resolve(run), reject);
    });
  });
}

interface DeskOutcome {
  /** A save begun after the desk went down was acknowledged before the kill: edits were waiting. */
  waitingExpected: boolean;
  waiting: number;
  /** The kill came after a save and before the desk client carried it into the piece's log. */
  logBehind: boolean;
}

/**
 * What a kill left of a shared piece, checked on the reopened store: the
 * log, what waits, then (desk back up) a sync and a second machine.
 */
async function checkSharedPiece(
  store: RunningStore,
  draft: Draft,
  run: ChildRun,
  desk: TrialDesk,
  dir: string,
): Promise<DeskOutcome> {
  const { ctx } = store;
  const document = pieceDocumentName(draft.id);
  expect(run.document).toBe(document);
  const lastAck = run.acks[run.acks.length - 1]!;
  const text = plainText(saveLoopBody(draft.version));

  // The log as the kill left it loads, and holds exactly the save desk_pieces says it holds (both are written in one transaction).
  const row = await ctx.db.get<{ state: string; synced_version: number }>(
    'SELECT state, synced_version FROM desk_pieces WHERE document = ?',
    [document],
  );
  expect(row?.state).toBe('shared');
  const synced = row!.synced_version;
  expect(synced).toBeGreaterThanOrEqual(1);
  expect(synced).toBeLessThanOrEqual(draft.version);
  const logged = await loadState(ctx.db, document);
  expect(logged, 'the piece’s update log is empty').not.toBeNull();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, logged!);
  expect(plainText(pieceFromDoc(doc).body)).toBe(plainText(saveLoopBody(synced)));
  expect(pieceFromDoc(doc).headline).toBe('Crash safety');
  doc.destroy();

  // The desk token lives in the app's secret store, outside the database; the kill does not touch it.
  const deps: DeskDeps = {
    secrets: new MemorySecretStore({ [DESK_TOKEN_SECRET]: desk.token }),
    timeoutMs: 20_000,
    reconnectDelayMs: 50,
  };
  const { waiting } = await deskStatus(ctx, deps);
  // Save downAt + 1 may have been in flight as the desk went down; downAt + 2 began after, so the desk cannot hold it.
  const waitingExpected = run.downAt !== null && lastAck >= run.downAt + 2;
  if (waitingExpected)
    expect(waiting, `saves after version ${run.downAt} were made with the desk down`).toBeGreaterThan(0);

  // A kill after the last save reached the log leaves it there, unacknowledged; before, the draft's save itself waits.
  const logBehind = synced < draft.version;
  if (waitingExpected && !logBehind) expect(await countWaiting(ctx.db, document)).toBeGreaterThan(0);

  // The desk comes back: one sync sends everything that waited.
  await desk.start();
  const report = await syncDesk(ctx, deps);
  expect(report.pieces.find((p) => p.document === document)?.draftId).toBe(draft.id);
  expect((await deskStatus(ctx, deps)).waiting).toBe(0);
  const mine = await store.handlers['drafts.get']({ id: draft.id });
  expect(plainText(mine.body), 'the sync brought an older version back').toBe(text);
  expect(mine.version, 'the sync rewrote the draft').toBe(draft.version);
  // The piece's document, read from its log alone, now holds the last acknowledged save.
  const carried = new Y.Doc();
  Y.applyUpdate(carried, (await loadState(ctx.db, document))!);
  expect(plainText(pieceFromDoc(carried).body)).toBe(text);
  carried.destroy();

  // A second machine that syncs gets the piece with the last acknowledged save.
  const second = await openTestStore({ dir: join(dir, 'second') });
  try {
    const secondDeps: DeskDeps = { secrets: new MemorySecretStore(), timeoutMs: 20_000, reconnectDelayMs: 50 };
    await joinDesk(second.ctx, secondDeps, desk.url, desk.secondToken);
    const arrived = (await syncDesk(second.ctx, secondDeps)).pieces.find((p) => p.document === document);
    expect(arrived?.created).toBe(true);
    const copy = await second.call('drafts.get', { id: arrived!.draftId! });
    expect(copy.headline).toBe('Crash safety');
    expect(plainText(copy.body)).toBe(text);
    expect(copy.body).toEqual(saveLoopBody(draft.version));
  } finally {
    await second.close();
  }
  return { waitingExpected, waiting, logBehind };
}

const outcomes: Array<{
  lastAck: number;
  found: number;
  revisions: number;
  waiting: number;
  desk: DeskOutcome | null;
}> = [];

beforeAll(async () => {
  [childScript] = (await bundleForNode(['tests/support/save-loop.ts'], buildDir)) as [string];
});

afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
  if (outcomes.length > 0) {
    const ahead = outcomes.filter((o) => o.found > o.lastAck).length;
    const saves = outcomes.reduce((n, o) => n + o.lastAck - 1, 0);
    console.info(
      `crash safety: ${outcomes.length} kills (seed ${SEED}), ${saves} acknowledged saves; ` +
        `${ahead} kills landed after a commit but before its acknowledgement was printed, ` +
        `${outcomes.reduce((n, o) => n + o.revisions, 0)} revisions checked; ` +
        `${outcomes.filter((o) => o.waiting > 0).length} kills left autosave edits waiting, each settled when the store opened.`,
    );
    const shared = outcomes.flatMap((o) => (o.desk ? [o.desk] : []));
    console.info(
      `crash safety, shared pieces: ${shared.length} kills with the draft shared; ` +
        `${shared.filter((d) => d.waitingExpected).length} landed with saves made while the desk was down (each counted as waiting), ` +
        `${shared.filter((d) => d.waiting > 0).length} left desk edits waiting, ` +
        `${shared.filter((d) => d.logBehind).length} before the last save reached the piece's log; every one reached a second machine.`,
    );
  }
});

describe(`crash safety: SIGKILL during autosave (${TRIALS} trials, CRASH_SEED=${SEED})`, () => {
  delays.forEach((delayMs, i) => {
    const stop = deskStops[i];
    const shared =
      stop === undefined
        ? ''
        : stop === null
          ? ', shared with a desk that went down first'
          : `, shared with a desk that went down after ${stop} ms`;
    it(`trial ${i + 1}: killed ${delayMs} ms after the first acknowledged save${shared}, nothing acknowledged is lost`, async () => {
      const { dir, cleanup } = tempDir('copydesk-crash-');
      const desk = stop === undefined ? null : await TrialDesk.open(join(dir, 'desk'));
      try {
        const dbPath = join(dir, 'copydesk.db');
        const run = await runAndKill(dbPath, delayMs, desk ? { desk, stopAfterMs: stop! } : undefined);
        // A kill before the planned stop leaves the desk up: it goes down now, as it would have.
        await desk?.stop();
        const why = `exit ${run.code}, signal ${run.signal}, stderr: ${run.stderr || '(empty)'}`;
        expect(run.problems, 'the desk client reported problems').toEqual([]);
        expect(run.acks.length, `the save loop acknowledged nothing (${why})`).toBeGreaterThan(0);
        expect(run.signal, `the save loop must run until it is killed (${why})`).toBe('SIGKILL');
        expect(run.draftId).not.toBeNull();
        // Acknowledged versions climb one by one: no save was skipped or repeated.
        expect(run.acks).toEqual(run.acks.map((_, k) => run.acks[0]! + k));
        const lastAck = run.acks[run.acks.length - 1]!;

        // What the kill left in the edit journal, read before the store opens (and settles it).
        const raw = await Database.open(dbPath, { readonly: true });
        const waiting = (await raw.get<{ n: number }>('SELECT count(*) AS n FROM draft_edits'))!.n;
        await raw.close();

        const store = await startStore({ dbPath });
        try {
          const { db } = store.ctx;
          expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
          await expectSearchIndexesInStep(db);
          expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);

          const draft = await store.handlers['drafts.get']({ id: run.draftId! });
          // The kill may land after a commit and before its "ack" line: one version ahead is fine, behind never.
          expect(draft.version).toBeGreaterThanOrEqual(lastAck);
          expect(draft.version).toBeLessThanOrEqual(lastAck + 1);
          expect(draft.body).toEqual(saveLoopBody(draft.version));
          const row = await db.get<{ body_text: string; word_count: number }>(
            'SELECT body_text, word_count FROM drafts WHERE id = ?',
            [draft.id],
          );
          expect(row?.body_text).toBe(plainText(saveLoopBody(draft.version)));
          expect(row?.word_count).toBe(wordCount(saveLoopBody(draft.version).root.children));

          // Search finds the surviving version by the stamp only that version carries.
          const hits = await store.handlers['drafts.list']({
            query: `"v${draft.version} p0"`,
            trashed: false,
            offset: 0,
            limit: 50,
          });
          expect(hits.rows.map((r) => r.id)).toEqual([draft.id]);

          // Every autosave revision that survived holds exactly the body of the version it names.
          const revisions = await db.all<{ draft_version: number; snapshot: Buffer }>(
            'SELECT draft_version, snapshot FROM revisions WHERE draft_id = ? ORDER BY id',
            [draft.id],
          );
          expect(revisions.length).toBeGreaterThan(0);
          for (const revision of revisions) {
            expect(revision.draft_version).toBeLessThanOrEqual(draft.version);
            const snapshot = JSON.parse((await decompress(revision.snapshot)).toString('utf8')) as {
              body: LexicalDocument;
            };
            expect(snapshot.body, `revision of version ${revision.draft_version}`).toEqual(
              saveLoopBody(revision.draft_version),
            );
          }

          const deskOutcome = desk ? await checkSharedPiece(store, draft, run, desk, dir) : null;

          // And the writer can carry on from where the store says they are.
          const next = await store.handlers['drafts.save']({
            id: draft.id,
            expectedVersion: draft.version,
            reason: 'manual',
            body: saveLoopBody(draft.version + 1),
          });
          expect(next.kind).toBe('saved');
          expect(await db.all('SELECT * FROM draft_edits')).toEqual([]);
          outcomes.push({ lastAck, found: draft.version, revisions: revisions.length, waiting, desk: deskOutcome });
        } finally {
          await store.close();
        }
      } finally {
        await desk?.close();
        cleanup();
      }
    });
  });
});
