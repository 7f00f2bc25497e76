import { writeSync } from 'node:fs';
import { runCli } from '../../src/main/cli/index';

/**
 * bin/copydesk.js for tests that run the command line in its own process
 * without a full `npm run build`: the same call, on the sources the test
 * bundles (scripts/lib/bundle-node.mjs).
 *
 * With COPYDESK_TEST_HOLD=1 the process loads everything, says `ready` on
 * file descriptor 3 and waits for SIGUSR2 before it runs the command: the
 * disk-fault test turns its faults on in between, so that they hit the
 * command and not Node loading its modules.
 */

async function main(): Promise<void> {
  if (process.env.COPYDESK_TEST_HOLD === '1') {
    // A signal listener alone does not keep Node running.
    const keepAlive = setInterval(() => undefined, 60_000);
    const go = new Promise((resolve) => process.once('SIGUSR2', resolve));
    writeSync(3, 'ready\n');
    await go;
    clearInterval(keepAlive);
  }
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
}

void main();
