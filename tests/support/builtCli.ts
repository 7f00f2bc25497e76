import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleForNode, PROJECT_ROOT } from '../../scripts/lib/bundle-node.mjs';

/**
 * bin/copydesk.js, the installed command, run as a real child process over
 * a build of the current sources: the shim is copied beside a fresh bundle
 * of src/main/cli (as `out/main/cli.js`, where the shim looks), so the test
 * never depends on whether `npm run build` ran since the last edit.
 */
export interface BuiltCli {
  shim: string;
  run(
    args: string[],
    options?: { uid?: number; gid?: number; timeoutMs?: number; env?: NodeJS.ProcessEnv },
  ): Promise<CliRun>;
  cleanup(): void;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function buildCli(): Promise<BuiltCli> {
  // Inside node_modules, so the bundle finds the native sqlite3 binding as the real build does.
  const root = join(PROJECT_ROOT, 'node_modules', '.cache', `copydesk-cli-${process.pid}-${Date.now()}`);
  const outMain = join(root, 'out', 'main');
  const [bundle] = (await bundleForNode(['src/main/cli/index.ts'], outMain)) as [string];
  writeFileSync(join(outMain, 'cli.js'), `module.exports = require(${JSON.stringify(bundle)});\n`);
  mkdirSync(join(root, 'bin'), { recursive: true });
  const shim = join(root, 'bin', 'copydesk.js');
  copyFileSync(join(PROJECT_ROOT, 'bin', 'copydesk.js'), shim);
  return {
    shim,
    run: (args, options = {}) =>
      new Promise((done) => {
        const { uid, gid, timeoutMs = 120_000, env } = options;
        execFile(
          process.execPath,
          [shim, ...args],
          { cwd: PROJECT_ROOT, timeout: timeoutMs, uid, gid, env },
          (error, stdout, stderr) => {
            done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
          },
        );
      }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
