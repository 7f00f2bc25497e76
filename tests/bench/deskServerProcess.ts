import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * A desk server instance as a child process (deskServerChild.ts, built by
 * scripts/bench.mjs), so its memory and CPU are its own and can be read
 * from /proc.
 */

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident memory now, in bytes (VmRSS). */
  rss(): number;
  /** Peak resident memory since it started, in bytes (VmHWM). */
  peakRss(): number;
  /** CPU time used so far (user + system), in milliseconds. */
  cpuMs(): number;
  /** How many times it said it did not store a document because another instance held the Redis lock. */
  lockRefusals(): number;
  stop(): Promise<void>;
}

function statusKb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) * 1024;
}

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux the project runs on. */
const CLOCK_TICKS = 100;

function cpuMs(pid: number): number {
  // Fields after the command name, which is in parentheses and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const script = process.env.COPYDESK_DESK_SERVER_CHILD;
  if (!script)
    throw new Error(
      'COPYDESK_DESK_SERVER_CHILD is not set: run the desk bench through `npm run bench`, which builds the server launcher',
    );
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the desk server process did not start');
  const lines = createInterface({ input: child.stdout! });
  // Hocuspocus's Redis extension logs each store it leaves to the instance holding the lock, with a stack: counted, not shown.
  let lockRefusals = 0;
  let inLockReport = false;
  createInterface({ input: child.stderr! }).on('line', (line: string) => {
    if (line.startsWith('Caught error during storeDocumentHooks')) inLockReport = true;
    else if (inLockReport && line.includes('Could not acquire lock')) lockRefusals += 1;
    else if (!inLockReport) process.stderr.write(`desk server ${pid}: ${line}\n`);
    if (inLockReport && line === '}') inLockReport = false;
  });
  const first = new Promise<{ line: string }>((resolve) => lines.once('line', (line: string) => resolve({ line })));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null }));
  const outcome = await Promise.race([first, exited]);
  if ('code' in outcome)
    throw new Error(`the desk server process exited (code ${String(outcome.code)}) before it listened`);
  const { url } = JSON.parse(outcome.line) as { url: string };
  return {
    url,
    pid,
    rss: () => statusKb(pid, 'VmRSS'),
    peakRss: () => statusKb(pid, 'VmHWM'),
    cpuMs: () => cpuMs(pid),
    lockRefusals: () => lockRefusals,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
