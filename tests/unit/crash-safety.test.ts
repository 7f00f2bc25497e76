import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode, PROJECT_ROOT } from '../../scripts/lib/bundle-node.mjs';
import { plainText, wordCount, type LexicalDocument } from '../../src/common/lexical/document';
import { Database } from '../../src/main/db/sqlite';
import { startStore } from '../../src/main/store';
import { positiveInt } from '../support/env';
import { between, seeded } from '../support/random';
import { saveLoopBody } from '../support/saveLoopBody';
import { tempDir } from '../support/store';
import { expectSearchIndexesInStep } from './_support';

/**
 * Kill -9 in the middle of a save, many times, at random moments: every
 * save the store acknowledged must be there afterwards, whole, and the file
 * must open cleanly. A child process autosaves one draft in a tight loop
 * (tests/support/save-loop.ts) and prints each acknowledged version; this
 * test SIGKILLs it 50–400 ms after its first acknowledgement and reopens
 * the database the way the app would.
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
}

/** Runs the save loop on `dbPath` and SIGKILLs it `delayMs` after its first acknowledged save. */
function runAndKill(dbPath: string, delayMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { draftId: null, acks: [], signal: null, code: null, stderr: '', killed: false };
    let pending = '';
    let killTimer: NodeJS.Timeout | undefined;
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
      }
      if (run.acks.length > 0 && killTimer === undefined) {
        clearTimeout(deadline);
        killTimer = setTimeout(() => {
          run.killed = child.kill('SIGKILL');
        }, delayMs);
      }
    });
    child.on('error', reject);
    // 'close' waits for stdout to drain, so every line written before the kill is counted.
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      run.code = code;
      run.signal = signal;
      resolve(run);
    });
  });
}

const outcomes: Array<{ lastAck: number; found: number; revisions: number; waiting: number }> = [];

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
  }
});

describe(`crash safety: SIGKILL during autosave (${TRIALS} trials, CRASH_SEED=${SEED})`, () => {
  delays.forEach((delayMs, i) => {
    it(`trial ${i + 1}: killed ${delayMs} ms after the first acknowledged save, nothing acknowledged is lost`, async () => {
      const { dir, cleanup } = tempDir('copydesk-crash-');
      try {
        const dbPath = join(dir, 'copydesk.db');
        const run = await runAndKill(dbPath, delayMs);
        const why = `exit ${run.code}, signal ${run.signal}, stderr: ${run.stderr || '(empty)'}`;
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
          const row = await db.get<{ body_text: string; word_count: number }>('SELECT body_text, word_count FROM drafts WHERE id = ?', [
            draft.id,
          ]);
          expect(row?.body_text).toBe(plainText(saveLoopBody(draft.version)));
          expect(row?.word_count).toBe(wordCount(saveLoopBody(draft.version).root.children));

          // Search finds the surviving version by the stamp only that version carries.
          const hits = await store.handlers['drafts.list']({ query: `"v${draft.version} p0"`, trashed: false, offset: 0, limit: 50 });
          expect(hits.rows.map((r) => r.id)).toEqual([draft.id]);

          // Every autosave revision that survived holds exactly the body of the version it names.
          const revisions = await db.all<{ draft_version: number; snapshot: Buffer }>(
            'SELECT draft_version, snapshot FROM revisions WHERE draft_id = ? ORDER BY id',
            [draft.id],
          );
          expect(revisions.length).toBeGreaterThan(0);
          for (const revision of revisions) {
            expect(revision.draft_version).toBeLessThanOrEqual(draft.version);
            const snapshot = JSON.parse((await decompress(revision.snapshot)).toString('utf8')) as { body: LexicalDocument };
            expect(snapshot.body, `revision of version ${revision.draft_version}`).toEqual(saveLoopBody(revision.draft_version));
          }

          // And the writer can carry on from where the store says they are.
          const next = await store.handlers['drafts.save']({
            id: draft.id,
            expectedVersion: draft.version,
            reason: 'manual',
            body: saveLoopBody(draft.version + 1),
          });
          expect(next.kind).toBe('saved');
          expect(await db.all('SELECT * FROM draft_edits')).toEqual([]);
          outcomes.push({ lastAck, found: draft.version, revisions: revisions.length, waiting });
        } finally {
          await store.close();
        }
      } finally {
        cleanup();
      }
    });
  });
});
