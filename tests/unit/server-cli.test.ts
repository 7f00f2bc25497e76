import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServerCli } from '../../src/server/cli';
import { connectClient, until } from '../support/desk';

/** `copydesk-server`: its commands, exit codes and messages, on a real SQLite store and server. */

const dir = mkdtempSync(join(tmpdir(), 'copydesk-server-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], untilStopped?: () => Promise<void>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runServerCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), untilStopped });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('copydesk-server', () => {
  it('adds, lists and revokes users, printing the token only to stdout', async () => {
    const added = await run(['users', 'add', 'Ada Reporter', '--role', 'writer', '--data', dir]);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(added.err).toContain('Added Ada Reporter (writer)');

    const again = await run(['users', 'add', 'Ada Reporter', '--role', 'editor', '--data', dir]);
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });

    const list = await run(['users', 'list', '--data', dir]);
    expect(list.out).toMatch(/^Ada Reporter\twriter\tactive since /);
    expect(list.out).not.toContain(added.out);

    expect((await run(['users', 'revoke', 'Ada Reporter', '--data', dir])).code).toBe(0);
    expect((await run(['users', 'list', '--data', dir])).out).toMatch(/^Ada Reporter\twriter\trevoked /);
    const missing = await run(['users', 'revoke', 'Nobody', '--data', dir]);
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('No active user named "Nobody"') });
  });

  it.each([
    [['users', 'add', 'X', '--role', 'boss']],
    [['users', 'add', '--role', 'writer']],
    [['users', 'frobnicate']],
    [['--port', 'eighty']],
    [['--port']],
    [['--bogus']],
    [['users', 'list', '--redis', 'redis://127.0.0.1']],
    [['--data', dir, '--postgres', 'postgres://x']],
  ])('prints the usage and exits 2 for %j', async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Usage:');
  });

  it('starts a server a client can use with a token it printed, and stops it', async () => {
    const token = (await run(['users', 'add', 'Ed', '--role', 'editor', '--data', dir])).out;
    let stop: () => void = () => undefined;
    let announced: (line: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => (announced = resolve));
    const out: string[] = [];
    const serving = runServerCli(['--port', '0', '--data', dir], {
      out: (t) => {
        out.push(t);
        announced(t);
      },
      err: () => undefined,
      untilStopped: () => new Promise<void>((resolve) => (stop = resolve)),
    });
    const url = /ws:\/\/127\.0\.0\.1:\d+/.exec(await listening)?.[0];
    expect(url).toBeDefined();
    const c = connectClient(url!, 'cli-piece', token);
    await until('the client to sync', () => c.provider.isSynced);
    c.destroy();
    stop();
    expect(await serving).toBe(0);
  });
});
