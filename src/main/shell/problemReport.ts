import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Help › Report a problem: one new folder holding what a developer needs —
 * the app's log (already redacted, log.ts) and the newest crash dumps, which
 * Crashpad keeps on this computer and never uploads — with a note saying
 * what it is. index.ts opens the folder for the writer to send.
 */

/** Enough to see a pattern; older dumps stay where Crashpad keeps them. */
export const MAX_DUMPS = 5;

export interface ProblemReportInput {
  /** The folder electron-log writes to. */
  logDir: string;
  /** `app.getPath('crashDumps')`. */
  crashDumpsDir: string;
  /** Where report folders are made, one per report. */
  reportsDir: string;
  now: Date;
  about: { version: string; electron: string; platform: string };
}

export interface ProblemReport {
  folder: string;
  logs: string[];
  dumps: string[];
}

async function filesIn(dir: string, keep: (name: string) => boolean, depth = 2): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) found.push(...(await filesIn(path, keep, depth - 1)));
    else if (entry.isFile() && keep(entry.name)) found.push(path);
  }
  return found;
}

async function newestFirst(paths: string[]): Promise<string[]> {
  const dated = await Promise.all(paths.map(async (path) => ({ path, at: (await stat(path)).mtimeMs })));
  return dated.sort((a, b) => b.at - a.at).map((item) => item.path);
}

export async function gatherProblemReport(input: ProblemReportInput): Promise<ProblemReport> {
  const stamp = input.now.toISOString().replace(/[:.]/g, '-');
  const folder = join(input.reportsDir, `problem-${stamp}`);
  await mkdir(folder, { recursive: true });
  const logs = await filesIn(input.logDir, (name) => name.endsWith('.log'), 0);
  // Crashpad keeps dumps in new/, pending/ and completed/ (and reports/ on Windows).
  const dumps = (await newestFirst(await filesIn(input.crashDumpsDir, (name) => name.endsWith('.dmp')))).slice(
    0,
    MAX_DUMPS,
  );
  const copied = { logs: [] as string[], dumps: [] as string[] };
  for (const log of logs) {
    const to = join(folder, basename(log));
    await copyFile(log, to);
    copied.logs.push(to);
  }
  for (const dump of dumps) {
    const to = join(folder, basename(dump));
    await copyFile(dump, to);
    copied.dumps.push(to);
  }
  const note = [
    `Copydesk ${input.about.version} (Electron ${input.about.electron}, ${input.about.platform}), ${input.now.toISOString()}`,
    '',
    'What is in this folder, to send with a description of what happened:',
    copied.logs.length > 0
      ? '- the app log (passwords and tokens are removed before anything is written)'
      : '- no log was found',
    copied.dumps.length > 0
      ? `- the ${copied.dumps.length === 1 ? 'crash report' : `${copied.dumps.length} newest crash reports`} (.dmp), kept on this computer and never sent by Copydesk`
      : '- no crash report: Copydesk has not crashed',
    '',
    'Your pieces are not in it. Look through it before sending if you like: the log is plain text.',
    '',
  ].join('\n');
  await writeFile(join(folder, 'README.txt'), note);
  return { folder, ...copied };
}
