import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuGoneQuestion, rendererGoneQuestion } from '../../src/main/shell/crashes';
import { gatherProblemReport, MAX_DUMPS } from '../../src/main/shell/problemReport';

/** A crashed window or GPU process, and the folder Help › Report a problem makes. */

describe('after a crash', () => {
  it('offers to reload a window whose page died, and says what is kept', () => {
    const question = rendererGoneQuestion({ reason: 'oom', exitCode: -1 });
    expect(question).toMatchObject({
      message: 'Copydesk’s window ran out of memory',
      buttons: ['Reload', 'Quit Copydesk'],
    });
    expect(question!.detail).toContain('everything up to your last pause');
    expect(question!.detail).toContain('(Reason: oom, exit code -1.)');
    expect(rendererGoneQuestion({ reason: 'crashed', exitCode: 11 })?.message).toBe('Copydesk’s window crashed');
    expect(rendererGoneQuestion({ reason: 'something-new', exitCode: 1 })?.message).toBe(
      'Copydesk’s window stopped (something-new)',
    );
    // A reload or a close ends the page on purpose: nothing to ask.
    expect(rendererGoneQuestion({ reason: 'clean-exit', exitCode: 0 })).toBeNull();
  });

  it('offers a reload after the GPU process died, and ignores the helpers that restart themselves', () => {
    expect(gpuGoneQuestion({ type: 'GPU', reason: 'crashed', exitCode: 139 })).toMatchObject({
      message: 'Copydesk’s graphics process crashed',
      buttons: ['Reload', 'Keep working'],
    });
    expect(gpuGoneQuestion({ type: 'GPU', reason: 'clean-exit', exitCode: 0 })).toBeNull();
    expect(gpuGoneQuestion({ type: 'Utility', reason: 'crashed', exitCode: 1 })).toBeNull();
  });
});

describe('Help › Report a problem', () => {
  function machine() {
    const root = mkdtempSync(join(tmpdir(), 'copydesk-report-'));
    const logDir = join(root, 'logs');
    const crashDumpsDir = join(root, 'Crashpad');
    mkdirSync(logDir);
    writeFileSync(join(logDir, 'main.log'), '[info] started\n');
    writeFileSync(join(logDir, 'main.old.log'), '[info] yesterday\n');
    writeFileSync(join(logDir, 'notes.txt'), 'not a log');
    return { root, logDir, crashDumpsDir, reportsDir: join(root, 'problem-reports') };
  }
  const about = { version: '1.2.0', electron: '39.5.0', platform: 'linux' };
  const now = new Date('2026-03-05T10:00:00.000Z');

  it('gathers the log and the newest crash dumps into a new folder, with a note', async () => {
    const m = machine();
    mkdirSync(join(m.crashDumpsDir, 'completed'), { recursive: true });
    mkdirSync(join(m.crashDumpsDir, 'pending'), { recursive: true });
    for (let i = 0; i < MAX_DUMPS + 2; i++) {
      const path = join(m.crashDumpsDir, i % 2 ? 'pending' : 'completed', `dump-${i}.dmp`);
      writeFileSync(path, `MDMP${i}`);
      utimesSync(path, 1_700_000_000 + i, 1_700_000_000 + i);
    }
    writeFileSync(join(m.crashDumpsDir, 'settings.dat'), 'crashpad settings');
    const report = await gatherProblemReport({ ...m, now, about });
    expect(report.folder).toBe(join(m.reportsDir, 'problem-2026-03-05T10-00-00-000Z'));
    expect(readdirSync(report.folder).sort()).toEqual(
      [
        'README.txt',
        'main.log',
        'main.old.log',
        'dump-6.dmp',
        'dump-5.dmp',
        'dump-4.dmp',
        'dump-3.dmp',
        'dump-2.dmp',
      ].sort(),
    );
    expect(readFileSync(join(report.folder, 'main.log'), 'utf8')).toBe('[info] started\n');
    const note = readFileSync(join(report.folder, 'README.txt'), 'utf8');
    expect(note).toContain('Copydesk 1.2.0 (Electron 39.5.0, linux)');
    expect(note).toContain('the 5 newest crash reports (.dmp), kept on this computer and never sent by Copydesk');
  });

  it('says so when there is no crash report, and works with no dump folder at all', async () => {
    const m = machine();
    const report = await gatherProblemReport({ ...m, now, about });
    expect(report.dumps).toEqual([]);
    expect(report.logs).toHaveLength(2);
    expect(readFileSync(join(report.folder, 'README.txt'), 'utf8')).toContain(
      'no crash report: Copydesk has not crashed',
    );
  });
});
