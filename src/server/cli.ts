import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HOST, DEFAULT_PORT, startDeskServer } from './deskServer';
import { PostgresDocumentStore } from './postgresStore';
import { SqliteDocumentStore } from './sqliteStore';
import { type AuditEntry, DESK_ROLES, isDeskRole } from '../common/desk/workflow';
import type { DocumentStore } from './store';
import { insecureUrlProblem, PUBLISH_TARGET_KINDS, type PublishTargetKind } from '../common/publish';
import { requireSecretKey, SECRET_KEY_ENV, sealSecret, secretKeyFrom } from './secretBox';

const isTargetKind = (value: string): value is PublishTargetKind =>
  (PUBLISH_TARGET_KINDS as readonly string[]).includes(value);

/** `copydesk-server`: start the newsroom server, or manage its users. */

export interface ServerCliIo {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the server should stop (a signal); the CLI then stops it and returns. */
  untilStopped?: () => Promise<void>;
  /** The environment secrets are read from (the process's by default). */
  env?: NodeJS.ProcessEnv;
}

/** Where `targets add` reads the target's secret: never an argument, which `ps` and shell history would show. */
export const TARGET_SECRET_ENV = 'COPYDESK_TARGET_SECRET';

export const SERVER_USAGE = `Usage:
  copydesk-server [--port N] [--host ADDRESS] [--data DIR] [--postgres URL] [--redis URL]
  copydesk-server users add NAME --role writer|editor|admin [--data DIR | --postgres URL]
  copydesk-server users list [--data DIR | --postgres URL]
  copydesk-server users revoke NAME [--data DIR | --postgres URL]
  copydesk-server targets add NAME --kind wordpress|ghost|webhook --url URL [--user NAME] [--data DIR | --postgres URL]
  copydesk-server targets list [--data DIR | --postgres URL]
  copydesk-server targets remove NAME [--data DIR | --postgres URL]
  copydesk-server audit [--piece DOCUMENT] [--since DATE] [--data DIR | --postgres URL]

\`audit\` prints the desk's decisions, oldest first, one a line, tab-separated:
when, who, their role, the piece's document, the action, from→to, the reason.

Without --postgres the server keeps everything in a SQLite file in its data
folder (default ~/.copydesk-server). It listens on ${DEFAULT_HOST}:${DEFAULT_PORT} by default.

Publish targets' secrets are sealed with the key in ${SECRET_KEY_ENV} (32 bytes:
\`openssl rand -base64 32\`), which the server needs to publish; \`targets add\`
reads the target's secret from ${TARGET_SECRET_ENV}, never from the command line.`;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  flags: Map<string, string>;
}

const FLAGS = new Set([
  '--port',
  '--host',
  '--data',
  '--postgres',
  '--redis',
  '--role',
  '--piece',
  '--since',
  '--kind',
  '--url',
  '--user',
]);

function parse(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
      if (!FLAGS.has(name)) throw new UsageError(`Unknown option ${name}.`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
      if (flags.has(name)) throw new UsageError(`${name} was given twice.`);
      flags.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

function allowOnly(parsed: Parsed, allowed: string[]): void {
  for (const name of parsed.flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`${name} does not apply here.`);
  }
}

function openStore(flags: Map<string, string>): Promise<DocumentStore> {
  const postgres = flags.get('--postgres');
  if (postgres && flags.has('--data')) throw new UsageError('Give --data or --postgres, not both.');
  if (postgres) return PostgresDocumentStore.open(postgres);
  return SqliteDocumentStore.open(flags.get('--data') ?? join(homedir(), '.copydesk-server'));
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${value}").`);
  return port;
}

async function users(parsed: Parsed, io: ServerCliIo): Promise<number> {
  const [, action, name, ...extra] = parsed.positional;
  const storeFlags = ['--data', '--postgres'];
  if (action === 'add') {
    allowOnly(parsed, [...storeFlags, '--role']);
    const role = parsed.flags.get('--role');
    if (!name || extra.length) throw new UsageError('users add takes one NAME (quote a name with spaces).');
    if (!role || !isDeskRole(role)) throw new UsageError(`users add needs --role ${DESK_ROLES.join('|')}.`);
    const store = await openStore(parsed.flags);
    try {
      const token = await store.addUser(name, role);
      io.err(`Added ${name} (${role}). Their token, shown only now:`);
      io.out(token);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (action === 'list') {
    allowOnly(parsed, storeFlags);
    if (name) throw new UsageError('users list takes no NAME.');
    const store = await openStore(parsed.flags);
    try {
      const list = await store.listUsers();
      if (list.length === 0)
        io.err('No users yet: add one with `copydesk-server users add NAME --role writer|editor|admin`.');
      for (const user of list) {
        io.out(
          `${user.name}\t${user.role}\t${user.revokedAt ? `revoked ${user.revokedAt}` : `active since ${user.createdAt}`}`,
        );
      }
    } finally {
      await store.close();
    }
    return 0;
  }
  if (action === 'revoke') {
    allowOnly(parsed, storeFlags);
    if (!name || extra.length) throw new UsageError('users revoke takes one NAME.');
    const store = await openStore(parsed.flags);
    try {
      if (!(await store.revokeUser(name))) {
        io.err(`No active user named "${name}" (see \`copydesk-server users list\`).`);
        return 1;
      }
      io.err(`Revoked ${name}: their token is refused from the next connection on.`);
    } finally {
      await store.close();
    }
    return 0;
  }
  throw new UsageError(action ? `Unknown users command "${action}".` : 'users needs add, list or revoke.');
}

async function targets(parsed: Parsed, io: ServerCliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const [, action, name, ...extra] = parsed.positional;
  const storeFlags = ['--data', '--postgres'];
  if (action === 'add') {
    allowOnly(parsed, [...storeFlags, '--kind', '--url', '--user']);
    if (!name || extra.length) throw new UsageError('targets add takes one NAME (quote a name with spaces).');
    if (!/^[\p{L}\p{N}._ -]{1,64}$/u.test(name))
      throw new UsageError('A target name is 1–64 letters, digits, spaces, dots, dashes or underscores.');
    const kind = parsed.flags.get('--kind');
    if (!kind || !isTargetKind(kind))
      throw new UsageError(`targets add needs --kind ${PUBLISH_TARGET_KINDS.join('|')}.`);
    const url = parsed.flags.get('--url');
    if (!url || !/^https?:\/\/[^/]/.test(url))
      throw new UsageError('targets add needs --url, an http:// or https:// address.');
    const insecure = insecureUrlProblem(url);
    if (insecure) throw new UsageError(insecure);
    const user = parsed.flags.get('--user') ?? '';
    if (kind === 'wordpress' && !user)
      throw new UsageError('A WordPress target needs --user, the user its application password belongs to.');
    const secret = env[TARGET_SECRET_ENV];
    if (!secret)
      throw new UsageError(
        `Set ${TARGET_SECRET_ENV} to the target's secret (the application password, the Admin API key, or the webhook secret).`,
      );
    const key = requireSecretKey(env);
    const store = await openStore(parsed.flags);
    try {
      await store.publishing.saveTarget({ name, kind, url, user, options: {} }, sealSecret(key, secret));
      io.err(`Saved the target ${name} (${kind}, ${url}); its secret is sealed with ${SECRET_KEY_ENV}.`);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (action === 'list' || action === 'remove') {
    allowOnly(parsed, storeFlags);
    if (action === 'list' ? name : !name || extra.length)
      throw new UsageError(action === 'list' ? 'targets list takes no NAME.' : 'targets remove takes one NAME.');
    const store = await openStore(parsed.flags);
    try {
      if (action === 'remove') {
        if (!(await store.publishing.removeTarget(name!))) {
          io.err(`No target named "${name}" (see \`copydesk-server targets list\`).`);
          return 1;
        }
        io.err(`Removed the target ${name} and its secret.`);
        return 0;
      }
      const list = await store.publishing.listTargets();
      if (list.length === 0)
        io.err('No targets yet: add one with `copydesk-server targets add NAME --kind … --url …`.');
      for (const t of list) io.out(`${t.name}\t${t.kind}\t${t.url}${t.user ? `\t${t.user}` : ''}`);
    } finally {
      await store.close();
    }
    return 0;
  }
  throw new UsageError(action ? `Unknown targets command "${action}".` : 'targets needs add, list or remove.');
}

/** One audit entry as a line; a tab or line break in a reason would split it. */
export function auditLine(entry: AuditEntry): string {
  const flat = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');
  return [
    entry.at,
    entry.actor,
    entry.role,
    entry.document,
    entry.action,
    `${entry.from}→${entry.to}`,
    flat(entry.reason),
  ]
    .map(flat)
    .join('\t');
}

async function audit(parsed: Parsed, io: ServerCliIo): Promise<number> {
  allowOnly(parsed, ['--data', '--postgres', '--piece', '--since']);
  if (parsed.positional.length > 1) throw new UsageError('audit takes no NAME: use --piece DOCUMENT.');
  const since = parsed.flags.get('--since');
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(Date.parse(since))))
    throw new UsageError(
      `--since must be a date or date-time, e.g. 2026-05-01 or 2026-05-01T09:00:00Z (got "${since}").`,
    );
  const store = await openStore(parsed.flags);
  try {
    const entries = await store.listAudit({ document: parsed.flags.get('--piece'), since });
    if (entries.length === 0) io.err('No decisions recorded yet for that.');
    for (const entry of entries) io.out(auditLine(entry));
  } finally {
    await store.close();
  }
  return 0;
}

async function serve(parsed: Parsed, io: ServerCliIo): Promise<number> {
  allowOnly(parsed, ['--port', '--host', '--data', '--postgres', '--redis']);
  if (parsed.positional.length) throw new UsageError(`Unknown command "${parsed.positional[0]}".`);
  const port = parsePort(parsed.flags.get('--port'));
  // A malformed key stops the start; a missing one only turns publishing off (said below).
  const secretKey = secretKeyFrom(io.env ?? process.env);
  const store = await openStore(parsed.flags);
  const server = await startDeskServer({
    store,
    port,
    host: parsed.flags.get('--host'),
    redisUrl: parsed.flags.get('--redis'),
    secretKey,
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  io.out(`Copydesk newsroom server listening on ${server.url}`);
  if (!secretKey)
    io.err(`Publishing from the desk is off: set ${SECRET_KEY_ENV} to the key the targets' secrets were sealed with.`);
  await (io.untilStopped ?? waitForSignal)();
  await server.stop();
  await store.close();
  io.err('Stopped.');
  return 0;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Exit codes: 0 done, 1 failed (a message says why), 2 bad arguments (usage printed). */
export async function runServerCli(argv: readonly string[], io: ServerCliIo): Promise<number> {
  try {
    const parsed = parse(argv);
    if (parsed.positional[0] === 'users') return await users(parsed, io);
    if (parsed.positional[0] === 'audit') return await audit(parsed, io);
    if (parsed.positional[0] === 'targets') return await targets(parsed, io, io.env ?? process.env);
    if (parsed.positional[0] === 'help' || argv.includes('-h')) {
      io.out(SERVER_USAGE);
      return 0;
    }
    return await serve(parsed, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`copydesk-server: ${err.message}\n\n${SERVER_USAGE}`);
      return 2;
    }
    io.err(`copydesk-server: ${(err as Error).message}`);
    return 1;
  }
}
