import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFilesResult } from '../../src/common/exchange';
import { Database } from '../../src/main/db/sqlite';
import { exportToFolder } from '../../src/main/export/exportDrafts';
import { importFiles } from '../../src/main/import/importFiles';
import { bundleForNode, PROJECT_ROOT } from '../../scripts/lib/bundle-node.mjs';
import { createFixtureDraft, fixtureNames } from '../support/fixtures';
import { positiveInt } from '../support/env';
import { between, pick, seeded } from '../support/random';
import { FIU, need } from '../support/outside';
import { saveLoopBody } from '../support/saveLoopBody';
import { openTestStore, tempDir } from '../support/store';

/**
 * Disks fail mid-write, not only processes. Debian's fiu-run (fiu-utils)
 * preloads libfiu into a real Node process and makes pwrite, fsync,
 * fdatasync and open fail at random with EIO or ENOSPC (its `failinfo` is
 * the errno), while fiu-ctrl turns the faults on and off in the running
 * process. Two victims:
 *
 * - the save loop (tests/support/save-loop.ts) autosaving one draft and
 *   queueing publishes to a loopback webhook: faults go on after its first
 *   acknowledged save and off again a while later; it must then carry on,
 *   deliver the publish from its outbox, and close with its edit journal
 *   settled;
 * - the command line importing the fixture articles (exported as Markdown
 *   with their images), with faults on from the moment it starts the command.
 *
 * Every refusal must reach the caller as a message that says the disk
 * refused the write and that nothing was changed; afterwards, opened
 * without faults, the database passes integrity_check, holds every
 * acknowledged save (and nothing that was refused), and takes new work.
 *
 * write() itself is not faulted: Node's event loop wakes itself with
 * write() on an eventfd and aborts the process when that fails, which no
 * disk causes. SQLite writes with pwrite64 (faulted as posix/io/rw/pwrite),
 * and the image library's files are covered through open and fsync.
 *
 * DISK_FAULT_TRIALS sets the runs of each kind (default 3; `npm run soak`
 * runs 25); DISK_FAULT_SEED with the same DISK_FAULT_TRIALS replays the
 * fault plans of a run (the seed is fixed by default, so `npm test`
 * injects the same fault plans every time; libfiu draws its own dice from
 * FIU_PRNG_SEED, though which thread's call meets which draw still varies).
 */

const TRIALS = positiveInt(process.env.DISK_FAULT_TRIALS, 3);
const SEED = positiveInt(process.env.DISK_FAULT_SEED, 20261202);
/** Refusals the save loop must meet (or this long must pass) before the disk recovers. */
const REFUSALS_BEFORE_RECOVERY = 10;
const FAULTY_MS = 2_000;
/** Saves the loop must acknowledge once the disk has recovered. */
const ACKS_AFTER_RECOVERY = 10;
const CHILD_DEADLINE_MS = 40_000;

const EIO = 5;
const ENOSPC = 28;
const FAILPOINTS = [
  'posix/io/rw/pwrite',
  'posix/io/sync/fsync',
  'posix/io/sync/fdatasync',
  'posix/io/oc/open',
] as const;

interface FaultPlan {
  /** libfiu's own seed for its dice. */
  fiuSeed: number;
  /** `enable_random` commands, one per failpoint. */
  enable: string[];
  disable: string[];
  label: string;
}

const random = seeded(SEED);

/** Chances in permille: open is called far less often than pwrite and fsync, and an import makes many more calls than one autosave. */
function faultPlan(chances: { open: [number, number]; other: [number, number] }): FaultPlan {
  const points = FAILPOINTS.map((name) => {
    const [min, max] = name === 'posix/io/oc/open' ? chances.open : chances.other;
    return { name, errno: pick(random, [EIO, ENOSPC]), permille: between(random, min, max) };
  });
  return {
    fiuSeed: between(random, 1, 2 ** 31 - 1),
    enable: points.map((p) => `enable_random name=${p.name},probability=${p.permille / 1000},failinfo=${p.errno}`),
    disable: points.map((p) => `disable name=${p.name}`),
    label: points
      .map((p) => `${basename(p.name)} ${(p.permille / 10).toFixed(1)}% ${p.errno === EIO ? 'EIO' : 'ENOSPC'}`)
      .join(', '),
  };
}

const savePlans = Array.from({ length: TRIALS }, () => faultPlan({ open: [5, 30], other: [20, 120] }));
const importPlans = Array.from({ length: TRIALS }, () => ({
  ...faultPlan({ open: [2, 20], other: [3, 30] }),
  fromScratch: random() < 0.34,
}));

/** False (and this file skips, saying why) where fiu-utils is missing. */
const HAVE_FIU = (await need(FIU, __filename)) !== null;

/** What a refusal must say, wherever it surfaces (an open the disk refused names the database file). */
function expectDiskRefusal(message: string): void {
  expect(message).toMatch(/the disk refused the write|the disk or the folder refused to open or create/i);
  expect(message).toMatch(/nothing was changed/i);
  expect(message).not.toMatch(/SQLITE_|\bEIO\b|\bENOSPC\b|\n\s+at /);
}

/** What a refused import says: a refused write, or a source file the disk would not read. */
function expectImportRefusal(message: string): void {
  // The import's reader is a worker thread whose code is loaded from the failing disk as it starts.
  if (/^Copydesk could not start reading /.test(message)) expect(message).toMatch(/Nothing was imported from it/);
  else if (/^Cannot read /.test(message)) {
    expect(message).toMatch(/: the disk (reported an input\/output error|is full)\. Nothing was imported from it\.$/);
    expect(message).not.toMatch(/\bEIO\b|\bENOSPC\b/);
  } else expectDiskRefusal(message);
}

/** Runs fiu-ctrl against a process started by fiu-run with `-f prefix`. */
function fiuCtrl(prefix: string, pid: number, commands: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'fiu-ctrl',
      ['-f', prefix, ...commands.flatMap((c) => ['-c', c]), String(pid)],
      (error, stdout, stderr) => {
        if (error || /error/i.test(stdout + stderr))
          reject(new Error(`fiu-ctrl failed: ${error?.message ?? ''} ${stdout} ${stderr}`));
        else resolve();
      },
    );
  });
}

/** Starts `node script ...args` under fiu-run, with remote control on `prefix` and nothing enabled yet. */
function underFiu(prefix: string, plan: FaultPlan, script: string, args: string[], extraFd = false): ChildProcess {
  return spawn('fiu-run', ['-x', '-f', prefix, process.execPath, script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, FIU_PRNG_SEED: String(plan.fiuSeed), COPYDESK_TEST_HOLD: extraFd ? '1' : '' },
    stdio: ['pipe', 'pipe', 'pipe', ...(extraFd ? (['pipe'] as const) : [])],
  });
}

/** Collects a child's output line by line, and its end. */
function watch(child: ChildProcess, onLine: (line: string) => void = () => undefined) {
  const seen = { stdout: '', stderr: '', code: null as number | null, signal: null as NodeJS.Signals | null };
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (seen.stderr += chunk));
  child.stdout!.on('data', (chunk: string) => {
    seen.stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  const deadline = setTimeout(() => child.kill('SIGKILL'), CHILD_DEADLINE_MS);
  const ended = new Promise<typeof seen>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      seen.code = code;
      seen.signal = signal;
      resolve(seen);
    });
  });
  return { seen, ended };
}

async function expectSound(dbPath: string): Promise<void> {
  const db = await Database.open(dbPath, { readonly: true });
  try {
    expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
  } finally {
    await db.close();
  }
}

const buildDir = join(PROJECT_ROOT, 'node_modules', '.cache', `copydesk-disk-faults-${process.pid}`);
let saveLoop = '';
let cliScript = '';
const articles = tempDir('copydesk-disk-faults-articles-');
/** The fixture articles as Markdown files (images beside them), and the headline each should import as. */
const sources: Array<{ path: string; headline: string }> = [];
const totals = {
  refusals: 0,
  acks: 0,
  waitingAtClose: 0,
  publishesQueued: 0,
  deliveries: 0,
  imported: 0,
  importRefused: 0,
  messages: new Set<string>(),
};

beforeAll(async () => {
  if (!HAVE_FIU) return;
  [saveLoop, cliScript] = (await bundleForNode(
    ['tests/support/save-loop.ts', 'tests/support/copydesk-cli.ts'],
    buildDir,
  )) as [string, string];
  const store = await openTestStore({ dir: join(articles.dir, 'store') });
  try {
    const headlines = new Map<string, string>();
    for (const name of fixtureNames()) {
      const draft = await createFixtureDraft(store.handlers, name);
      headlines.set(draft.id, draft.headline);
    }
    const result = await exportToFolder(store.ctx, { dir: join(articles.dir, 'md'), format: 'md' });
    expect(result.failed).toEqual([]);
    for (const written of result.written) sources.push({ path: written.path, headline: headlines.get(written.id)! });
  } finally {
    await store.close();
  }
  expect(sources).toHaveLength(fixtureNames().length);
});

afterAll(() => {
  rmSync(buildDir, { recursive: true, force: true });
  articles.cleanup();
  if (totals.acks > 0 || totals.imported > 0) {
    console.info(
      `disk faults (DISK_FAULT_SEED=${SEED}): save loop ${totals.acks} saves acknowledged, ${totals.refusals} refused, ` +
        `${totals.waitingAtClose} runs closed with autosave edits waiting, ${totals.publishesQueued} publishes queued under faults ` +
        `(${totals.deliveries} webhook deliveries); importer ${totals.imported} files imported, ${totals.importRefused} refused. ` +
        `Messages: ${[...totals.messages].join(' | ')}`,
    );
  }
});

describe.runIf(HAVE_FIU)(`disk faults: the save loop under fiu-run (${TRIALS} runs, DISK_FAULT_SEED=${SEED})`, () => {
  savePlans.forEach((plan, i) => {
    it(`run ${i + 1}: ${plan.label}; every refusal says so, every acknowledged save survives, saving resumes`, async () => {
      const { dir, cleanup } = tempDir('copydesk-disk-faults-');
      try {
        const dbPath = join(dir, 'copydesk.db');
        const prefix = join(dir, 'fiu');
        const child = underFiu(prefix, plan, saveLoop, [dbPath, '--keep-going']);
        const acks: number[] = [];
        const refusals: Array<{ version: number; error: { code: string; message: string } }> = [];
        let draftId: string | null = null;
        let waiting = -1;
        let job: { state: string; deliveries: number; lastError: string | null } | null = null;
        let queued = false;
        let jobs: Array<{ state: string; last_error: string | null }> = [];
        const publishRefusals: Array<{ code: string; message: string }> = [];
        let closed = false;
        let phase: 'before' | 'faulty' | 'recovered' | 'stopping' = 'before';
        let faultsOnAt = 0;
        let acksAtRecovery = 0;
        let lastPublishAt = -1;
        let step: Promise<void> = Promise.resolve();
        const problems: string[] = [];
        const advance = (): void => {
          // One fiu-ctrl at a time, in order.
          step = step
            .then(async () => {
              if (phase === 'before' && acks.length > 0) {
                await fiuCtrl(prefix, child.pid!, plan.enable);
                phase = 'faulty';
                faultsOnAt = Date.now();
                child.stdin!.write('publish\n');
              } else if (phase === 'faulty' && refusals.length % 3 === 1 && refusals.length !== lastPublishAt) {
                // More publishes while the disk fails, so that the outbox's own steps meet the faults.
                lastPublishAt = refusals.length;
                child.stdin!.write('publish\n');
              }
              if (
                phase === 'faulty' &&
                (refusals.length >= REFUSALS_BEFORE_RECOVERY || Date.now() - faultsOnAt > FAULTY_MS)
              ) {
                await fiuCtrl(prefix, child.pid!, plan.disable);
                phase = 'recovered';
                acksAtRecovery = acks.length;
              } else if (phase === 'recovered' && acks.length >= acksAtRecovery + ACKS_AFTER_RECOVERY) {
                phase = 'stopping';
                child.stdin!.write('stop\n');
              }
            })
            .catch((err: unknown) => {
              problems.push(String(err));
              child.kill('SIGKILL');
            });
        };
        const { seen, ended } = watch(child, (line) => {
          const [word, value, ...rest] = line.split(' ');
          if (word === 'draft') draftId = value!;
          else if (word === 'ack') acks.push(Number(value));
          else if (word === 'refused' && value === 'publish')
            publishRefusals.push(JSON.parse(rest.join(' ')) as { code: string; message: string });
          else if (word === 'refused')
            refusals.push({
              version: Number(value),
              error: JSON.parse(rest.join(' ')) as { code: string; message: string },
            });
          else if (word === 'waiting') waiting = Number(value);
          else if (word === 'job')
            job = {
              state: value!,
              deliveries: Number(rest[0]),
              lastError: JSON.parse(rest.slice(1).join(' ')) as string | null,
            };
          else if (word === 'queued') queued = true;
          else if (word === 'jobs')
            jobs = JSON.parse([value, ...rest].join(' ')) as Array<{ state: string; last_error: string | null }>;
          else if (word === 'closed') closed = true;
          advance();
        });
        const { code, signal, stderr } = await ended;
        await step;
        const why = `phase ${phase}, exit ${code}, signal ${signal}, ${acks.length} acks, ${refusals.length} refusals, stderr: ${stderr || '(empty)'}`;
        expect(problems, why).toEqual([]);
        expect(closed, `the save loop must close the store once the disk recovered (${why})`).toBe(true);
        expect(code, why).toBe(0);
        expect(draftId).not.toBeNull();

        // Acknowledged versions climb one by one: a refused save is tried again and then acknowledged, never skipped.
        expect(acks).toEqual(acks.map((_, k) => 2 + k));
        const lastAck = acks[acks.length - 1]!;
        expect(refusals.length, `the faults met no save (${why})`).toBeGreaterThan(0);
        for (const refusal of refusals) {
          expect(refusal.error.code).toBe('storage');
          expectDiskRefusal(refusal.error.message);
          totals.messages.add(refusal.error.message);
        }
        const raw = seen.stdout.split('\n').filter((line) => /SQLITE_/.test(line));
        expect(raw, raw.join('\n')).toEqual([]);

        for (const error of publishRefusals) {
          expect(error.code).toBe('storage');
          expectDiskRefusal(error.message);
        }
        // The publish queued (or refused) while the disk failed went out once it recovered.
        expect(job, why).not.toBeNull();
        expect(job!.state, `publish job: ${JSON.stringify(job)}`).toBe('done');
        expect(job!.deliveries).toBeGreaterThan(0);
        // No publish the disk interrupted was given up on: each went out, or was replaced by a newer one.
        expect(jobs.filter((j) => j.state !== 'done' && j.state !== 'cancelled')).toEqual([]);

        // Opened without faults: sound, at exactly the last acknowledged version, its edits settled.
        await expectSound(dbPath);
        const store = await openTestStore({ dir, dbPath });
        try {
          const draft = await store.handlers['drafts.get']({ id: draftId! });
          expect(draft.version).toBe(lastAck);
          expect(draft.body).toEqual(saveLoopBody(lastAck));
          expect(await store.ctx.db.all('SELECT * FROM draft_edits')).toEqual([]);
          const next = await store.handlers['drafts.save']({
            id: draft.id,
            expectedVersion: lastAck,
            reason: 'manual',
            body: saveLoopBody(lastAck + 1),
          });
          expect(next.kind).toBe('saved');
        } finally {
          await store.close();
        }
        totals.acks += acks.length;
        totals.refusals += refusals.length;
        if (waiting > 0) totals.waitingAtClose++;
        if (queued) totals.publishesQueued++;
        totals.deliveries += job!.deliveries;
      } finally {
        cleanup();
      }
    });
  });
});

describe.runIf(HAVE_FIU)(`disk faults: copydesk import under fiu-run (${TRIALS} runs, DISK_FAULT_SEED=${SEED})`, () => {
  importPlans.forEach((plan, i) => {
    it(`run ${i + 1}: ${plan.fromScratch ? 'into a new database' : 'into an existing database'}, ${plan.label}; refusals say so and change nothing`, async () => {
      const { dir, cleanup } = tempDir('copydesk-disk-faults-import-');
      try {
        const dbPath = join(dir, 'copydesk.db');
        const prefix = join(dir, 'fiu');
        const before = new Set<string>();
        if (!plan.fromScratch) {
          const store = await openTestStore({ dir, dbPath });
          try {
            before.add((await store.handlers['drafts.create']({ headline: 'Already here' })).id);
          } finally {
            await store.close();
          }
        }

        const files = sources.map((s) => s.path);
        const child = underFiu(prefix, plan, cliScript, ['import', ...files, '--json', '--db', dbPath], true);
        const control = child.stdio[3] as NodeJS.ReadableStream;
        control.setEncoding('utf8');
        control.once('data', () => {
          fiuCtrl(prefix, child.pid!, plan.enable).then(
            () => child.kill('SIGUSR2'),
            (err: unknown) => {
              control.emit('error', err);
              child.kill('SIGKILL');
            },
          );
        });
        const { code, stdout, stderr } = await watch(child).ended;
        const why = `exit ${code}, stdout: ${stdout || '(empty)'}, stderr: ${stderr || '(empty)'}`;
        expect([0, 1], why).toContain(code);
        expect(stderr, why).not.toMatch(/\n\s+at /);

        const imported = new Map<string, string>();
        const errorLines = stderr.split('\n').filter((line) => line.length > 0);
        if (stdout) {
          const result = JSON.parse(stdout) as ImportFilesResult;
          for (const ok of result.imported) imported.set(ok.id, sources.find((s) => s.path === ok.path)!.headline);
          for (const failed of result.failed) {
            expectImportRefusal(failed.message);
            totals.messages.add(failed.message);
          }
          expect(result.imported.length + result.failed.length).toBe(files.length);
          expect(code, why).toBe(result.failed.length > 0 ? 1 : 0);
          totals.importRefused += result.failed.length;
        } else {
          // The store itself could not be opened or created: one line, and exit 1.
          expect(code, why).toBe(1);
          expect(errorLines, why).toHaveLength(1);
          totals.importRefused += files.length;
        }
        for (const line of errorLines) {
          expect(line).toMatch(/^copydesk: /);
          expectImportRefusal(line.replace(/^copydesk: (\/\S+: )?/, ''));
          totals.messages.add(line.replace(/^copydesk: (\S+: )?/, ''));
        }
        totals.imported += imported.size;

        const imagesDir = join(dir, 'images');
        const leftovers = existsSync(imagesDir)
          ? readdirSync(imagesDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.partial'))
          : [];
        expect(leftovers, 'half-written image files were left behind').toEqual([]);

        // Opened without faults: sound, holding what was there and what was reported imported, and nothing else.
        // (A new database the disk refused from the start may not exist at all.)
        if (existsSync(dbPath)) await expectSound(dbPath);
        const store = await openTestStore({ dir, dbPath });
        try {
          const rows = await store.ctx.db.all<{ id: string; headline: string }>('SELECT id, headline FROM drafts');
          expect(new Set(rows.map((r) => r.id))).toEqual(new Set([...before, ...imported.keys()]));
          for (const [id, headline] of imported) expect(rows.find((r) => r.id === id)?.headline).toBe(headline);
          const unused = await store.ctx.db.all<{ id: string }>(
            `SELECT id FROM images WHERE NOT EXISTS (SELECT 1 FROM drafts WHERE drafts.body LIKE '%' || images.id || '%' OR drafts.top_image = images.id)
               AND NOT EXISTS (SELECT 1 FROM draft_edits WHERE draft_edits.edit LIKE '%' || images.id || '%')`,
          );
          expect(unused, 'a refused import left images in the library').toEqual([]);
          // The disk has recovered: the same store imports again.
          const again = await importFiles(store.ctx, [files[0]!]);
          expect(again.failed).toEqual([]);
          expect(again.imported).toHaveLength(1);
        } finally {
          await store.close();
        }
      } finally {
        cleanup();
      }
    });
  });
});
