import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { apiContract, type ApiInput, type ApiParsed } from '../../common/api';
import type { ApiMethod } from '../../common/api';
import { DRAFT_STATUSES, STATUS_LABELS, type DraftStatus, type DraftSummary } from '../../common/domain';
import { AppError } from '../../common/errors';
import { FIGURE_STYLES } from '../../common/exchange';
import type { FigureStyle } from '../../common/nodes/figure/figureMarkdown';
import { imageIdsOf } from '../../common/nodes/figure/figureJson';
import {
  PUBLISH_TARGET_KINDS,
  REMOTE_STATUS_CHOICES,
  type PublishTargetKind,
  type RemoteStatusChoice,
} from '../../common/publish';
import { storageError } from '../db/storageErrors';
import { DESK_ACTION_RULES, DESK_ACTIONS } from '../../common/desk/workflow';
import { DeskFollower } from '../desk/follow';
import { DeskRequests } from '../desk/requests';
import { DESK_TOKEN_SECRET, deskStatus, joinDesk, shareDraft, syncDesk, type DeskDeps } from '../desk/service';
import { MemorySecretStore, secretEnvName } from '../publish/secrets';
import { forTerminal, jsonForTerminal } from './terminalText';
import { exportToFolder } from '../export/exportDrafts';
import { importFiles } from '../import/importFiles';
import { defaultDataDir } from '../paths';
import { databasePathIn, startStore, type RunningStore } from '../store';

/**
 * `copydesk`: the same services as the app, in plain Node. Exit codes:
 * 0 done, 1 the command failed (missing database, unknown draft, a disk or
 * folder that refused the write…), 2 the command line itself was wrong
 * (including an argument the API's own schema refuses, such as a tag over
 * its length limit). Everything printed passes through forTerminal, since
 * headlines, file names and CMS answers may carry control sequences.
 */

const USAGE = `Usage: copydesk <command> [options]

Commands:
  list [--json] [--status STATUS] [--tag TAG]   List drafts, newest first
  search QUERY [--json]                         Full-text search with snippets
  show ID --json                                The whole draft as JSON
  export --out DIR [--id ID]... [--status S] [--tag T] [--format md|html]
         [--figure-style markdown|html|hugo]
                                                Write drafts (all, or those chosen) as files
                                                named by slug, images in DIR/assets; prints
                                                each written path
  import FILE... [--json]                       Import .md and .docx files as drafts; prints
                                                the new ids (creates the database if needed)
  targets add NAME --kind wordpress|ghost|webhook --url URL [--user USER]
                                                Add a publish target (no secret is stored)
  targets list [--json]                         List publish targets
  publish ID --target NAME [--status draft|review|publish] [--json]
                                                Publish a draft; prints the remote id and URL.
                                                The secret comes from COPYDESK_SECRET_<NAME>
                                                (NAME upper-cased, other characters as _)
  desk join URL                                 Join a newsroom's desk (ws://HOST:PORT); the token
                                                comes from COPYDESK_DESK_TOKEN
  desk share ID                                 Share a draft with the desk (works offline)
  desk sync                                     Exchange every shared piece with the desk, take
                                                the desk's new pieces, print what moved
  desk status [--json]                          The desk, your user and role, the shared pieces
                                                and the changes waiting to be sent
  desk request ID ACTION [--reason TEXT] [--json]
                                                Ask the desk for a decision on a shared piece
                                                (${DESK_ACTIONS.filter((a) => a !== 'assign').join(', ')});
                                                offline it waits and goes with the next sync
  desk board [--json]                           Send your waiting requests, then list the team's
                                                shared pieces by status, and your waiting or
                                                refused requests

Options:
  --db PATH     Database file (default: ${databasePathIn(defaultDataDir())})
  -h, --help    Show this help

Statuses: ${DRAFT_STATUSES.join(', ')}`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

class UsageError extends Error {}

/** The command-line spelling of each API input field, for messages about it. */
const ARGUMENT_NAMES: Record<string, string> = {
  query: 'QUERY',
  tag: '--tag',
  status: '--status',
  dir: '--out',
  format: '--format',
  figureStyle: '--figure-style',
  paths: 'FILE',
  name: 'NAME',
  kind: '--kind',
  url: '--url',
  user: '--user',
  target: '--target',
  reason: '--reason',
  action: 'ACTION',
};
/** Fields that name a draft: a malformed one is an unknown draft (exit 1), as the API says. */
const ID_FIELDS = new Set(['id', 'ids', 'draftId']);

/**
 * Checks a command's arguments with the same schema the API uses, before
 * any database is opened or created: a refusal writes nothing.
 */
function validated<M extends ApiMethod>(method: M, input: ApiInput<M>): ApiParsed<M> {
  return validatedWith(apiContract[method].input as z.ZodType, input) as ApiParsed<M>;
}

function validatedWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.filter((part) => typeof part === 'string').at(-1) ?? '';
  if (ID_FIELDS.has(field)) throw new AppError('not_found', issue.message);
  const argument = ARGUMENT_NAMES[field] ?? (field || 'the arguments');
  const value = issue.path.reduce<unknown>(
    (at, part) => (at as Record<PropertyKey, unknown> | undefined)?.[part],
    input,
  );
  if (issue.code === 'too_big' && typeof value === 'string') {
    throw new UsageError(
      `${argument} is too long: ${value.length.toLocaleString('en')} characters, at most ${Number(issue.maximum).toLocaleString('en')}.`,
    );
  }
  throw new UsageError(`${argument}: ${issue.message}`);
}

/**
 * The command line is the writer's own terminal: the paths typed there go in
 * directly, where the app takes grants, so the API's schemas check the rest.
 */
const CliPaths = z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) });
const CliExport = apiContract['export.toFolder'].input
  .omit({ folder: true })
  .extend({ dir: z.string().min(1).max(4096) });

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  status: { type: 'string' },
  tag: { type: 'string' },
  out: { type: 'string' },
  id: { type: 'string', multiple: true },
  format: { type: 'string' },
  'figure-style': { type: 'string' },
  kind: { type: 'string' },
  url: { type: 'string' },
  user: { type: 'string' },
  target: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function summaryLine(row: DraftSummary): string {
  const headline = row.headline || 'Untitled';
  return `${row.id}  ${STATUS_LABELS[row.status].padEnd(9)}  ${String(row.wordCount).padStart(6)} words  ${row.updatedAt.slice(0, 16).replace('T', ' ')}  ${headline}`;
}

/**
 * A command waits this long for other processes' writes (the app, other
 * commands) before saying the database is busy: a script running many
 * imports at once would rather wait than fail.
 */
const BUSY_TIMEOUT_MS = 60_000;

/** Read-only commands refuse a missing database; `import` creates one (with every migration), as the app does. */
async function withStore<T>(dbPath: string, work: (store: RunningStore) => Promise<T>, mustExist = true): Promise<T> {
  const store = await startStore({ dbPath, mustExist, busyTimeoutMs: BUSY_TIMEOUT_MS });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function runCli(argv: string[], terminal: CliIo): Promise<number> {
  const io: CliIo = { out: (text) => terminal.out(forTerminal(text)), err: (text) => terminal.err(forTerminal(text)) };
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
    if (args.values.help) {
      io.out(USAGE);
      return 0;
    }
    const [command, ...rest] = args.positionals;
    if (!command) throw new UsageError('No command given.');
    const dbPath = args.values.db ?? databasePathIn(defaultDataDir());
    const { json, status, tag } = args.values;
    if (command !== 'publish' && status !== undefined && !(DRAFT_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`Unknown status "${status}".`);
    }

    switch (command) {
      case 'list': {
        if (rest.length > 0) throw new UsageError(`"list" takes no arguments (got "${rest.join(' ')}").`);
        const filter = validated('drafts.list', {
          trashed: false,
          offset: 0,
          limit: 500,
          ...(status && { status: status as DraftStatus }),
          ...(tag && { tag }),
        });
        return await withStore(dbPath, async ({ handlers }) => {
          const rows: DraftSummary[] = [];
          for (let offset = 0; ; offset += 500) {
            const page = await handlers['drafts.list']({ ...filter, offset });
            rows.push(...page.rows);
            if (rows.length >= page.total || page.rows.length === 0) break;
          }
          io.out(json ? jsonForTerminal(rows) : rows.length ? rows.map(summaryLine).join('\n') : 'No drafts.');
          return 0;
        });
      }
      case 'search': {
        const query = rest.join(' ').trim();
        if (!query) throw new UsageError('"search" needs a query.');
        const input = validated('drafts.list', { query, trashed: false, offset: 0, limit: 50 });
        return await withStore(dbPath, async ({ handlers }) => {
          const page = await handlers['drafts.list'](input);
          if (json) io.out(jsonForTerminal(page.rows));
          else if (page.rows.length === 0) io.out('Nothing found.');
          else {
            io.out(
              page.rows
                .map(
                  (row) =>
                    `${summaryLine(row)}\n    ${(row.snippet ?? [])
                      .map((p) => (p.hit ? `[${p.text}]` : p.text))
                      .join('')
                      .replace(/\s+/g, ' ')}`,
                )
                .join('\n'),
            );
          }
          return 0;
        });
      }
      case 'show': {
        if (rest.length !== 1) throw new UsageError('"show" needs exactly one draft id.');
        if (!json) throw new UsageError('"show" prints JSON: add --json.');
        const input = validated('drafts.get', { id: rest[0]! });
        return await withStore(dbPath, async ({ handlers }) => {
          const draft = await handlers['drafts.get'](input);
          const images = [];
          for (const id of imageIdsOf(draft.body, draft.topImage)) {
            images.push(await handlers['images.get']({ id }).catch(() => ({ id, missing: true })));
          }
          io.out(jsonForTerminal({ ...draft, images }));
          return 0;
        });
      }
      case 'export': {
        if (rest.length > 0) throw new UsageError(`"export" takes options only (got "${rest.join(' ')}").`);
        const out = args.values.out;
        if (!out) throw new UsageError('"export" needs --out DIR.');
        const format = args.values.format ?? 'md';
        if (format !== 'md' && format !== 'html') throw new UsageError(`Unknown format "${format}": use md or html.`);
        const figureStyle = args.values['figure-style'];
        if (figureStyle !== undefined && !(FIGURE_STYLES as readonly string[]).includes(figureStyle)) {
          throw new UsageError(`Unknown figure style "${figureStyle}": use ${FIGURE_STYLES.join(', ')}.`);
        }
        const ids = args.values.id ?? [];
        const input = validatedWith(CliExport, {
          dir: resolve(out),
          format,
          ...(figureStyle && { figureStyle: figureStyle as FigureStyle }),
          ...(ids.length > 0
            ? { ids }
            : { filter: { ...(status && { status: status as DraftStatus }), ...(tag && { tag }) } }),
        });
        return await withStore(dbPath, async ({ ctx }) => {
          const result = await exportToFolder(ctx, input);
          for (const written of result.written) {
            io.out(written.path);
            for (const warning of written.warnings) io.err(`copydesk: warning: ${warning}`);
          }
          for (const failed of result.failed)
            io.err(`copydesk: ${failed.id}${failed.headline ? ` (${failed.headline})` : ''}: ${failed.message}`);
          if (result.written.length === 0 && result.failed.length === 0)
            io.err('copydesk: no drafts matched; nothing was written.');
          return result.failed.length > 0 ? 1 : 0;
        });
      }
      case 'import': {
        if (rest.length === 0) throw new UsageError('"import" needs at least one file.');
        const { paths } = validatedWith(CliPaths, { paths: rest.map((file) => resolve(file)) });
        return await withStore(
          dbPath,
          async ({ ctx }) => {
            const result = await importFiles(ctx, paths);
            if (json) io.out(jsonForTerminal(result));
            else {
              for (const imported of result.imported) {
                io.out(imported.id);
                for (const warning of imported.warnings) io.err(`copydesk: ${imported.path}: warning: ${warning}`);
              }
            }
            for (const failed of result.failed) io.err(`copydesk: ${failed.path}: ${failed.message}`);
            return result.failed.length > 0 ? 1 : 0;
          },
          false,
        );
      }
      case 'targets':
        return await targetsCommand(rest, args.values, dbPath, io);
      case 'publish':
        return await publishCommand(rest, args.values, dbPath, io);
      case 'desk':
        return await deskCommand(rest, args.values, dbPath, io);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`copydesk: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    // A full disk or a read-only folder gets the same words as in the app.
    const known = err instanceof AppError ? err : storageError(err);
    io.err(`copydesk: ${known ? known.message : err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

type Values = ReturnType<typeof parse>['values'];

async function targetsCommand(rest: string[], values: Values, dbPath: string, io: CliIo): Promise<number> {
  const [sub, ...names] = rest;
  if (sub === 'list') {
    if (names.length > 0) throw new UsageError('"targets list" takes no arguments.');
    return withStore(dbPath, async ({ handlers }) => {
      const targets = await handlers['targets.list']({});
      if (values.json) io.out(jsonForTerminal(targets));
      else if (targets.length === 0)
        io.out('No publish targets. Add one with: copydesk targets add NAME --kind wordpress --url URL --user USER');
      else {
        io.out(
          targets
            .map(
              (t) =>
                `${t.name.padEnd(16)}  ${t.kind.padEnd(9)}  ${t.url}${t.user ? `  (user ${t.user})` : ''}  ${t.secretSet ? 'secret set' : `no secret: set ${secretEnvName(t.name)}`}`,
            )
            .join('\n'),
        );
      }
      return 0;
    });
  }
  if (sub === 'add') {
    if (names.length !== 1) throw new UsageError('"targets add" needs exactly one NAME.');
    const kind = values.kind;
    if (!kind || !(PUBLISH_TARGET_KINDS as readonly string[]).includes(kind))
      throw new UsageError(`"targets add" needs --kind ${PUBLISH_TARGET_KINDS.join('|')}.`);
    if (!values.url) throw new UsageError('"targets add" needs --url URL.');
    const input = validated('targets.add', {
      name: names[0]!,
      kind: kind as PublishTargetKind,
      url: values.url,
      user: values.user ?? '',
      options: {},
    });
    return withStore(
      dbPath,
      async ({ handlers }) => {
        const target = await handlers['targets.add'](input);
        io.out(
          `Added ${target.kind} target “${target.name}” (${target.url}). Its secret is read from ${secretEnvName(target.name)}.`,
        );
        return 0;
      },
      false,
    );
  }
  throw new UsageError('"targets" needs "add" or "list".');
}

async function publishCommand(rest: string[], values: Values, dbPath: string, io: CliIo): Promise<number> {
  if (rest.length !== 1) throw new UsageError('"publish" needs exactly one draft id.');
  if (!values.target) throw new UsageError('"publish" needs --target NAME.');
  const status = values.status ?? 'draft';
  if (!(REMOTE_STATUS_CHOICES as readonly string[]).includes(status))
    throw new UsageError(`"publish --status" is one of ${REMOTE_STATUS_CHOICES.join(', ')}.`);
  const input = validated('publish.run', {
    draftId: rest[0]!,
    target: values.target,
    status: status as RemoteStatusChoice,
    wait: true,
  });
  return withStore(dbPath, async ({ handlers }) => {
    const outcome = await handlers['publish.run'](input);
    if (values.json) {
      io.out(jsonForTerminal(outcome));
    } else if (outcome.kind === 'unchanged') {
      io.out(`${outcome.message}\nremote id: ${outcome.publication.remoteId}\nurl: ${outcome.publication.url}`);
    } else if (outcome.job.state === 'done') {
      io.out(`remote id: ${outcome.job.remoteId ?? ''}\nurl: ${outcome.job.url ?? ''}`);
    } else {
      io.err(
        `copydesk: ${outcome.message}${outcome.job.state === 'retrying' ? ' (the job stays in the outbox; run the command again, or open the app, to retry)' : ''}`,
      );
    }
    return outcome.kind === 'unchanged' || outcome.job.state === 'done' ? 0 : 1;
  });
}

/** The command line keeps no secret: the desk token is read from the environment on every command. */
export const DESK_TOKEN_ENV = 'COPYDESK_DESK_TOKEN';

function deskDeps(): DeskDeps {
  const token = process.env[DESK_TOKEN_ENV];
  return { secrets: new MemorySecretStore(token ? { [DESK_TOKEN_SECRET]: token } : {}) };
}

/** The desk's decisions and board, with the token from the environment. */
function deskWork(ctx: RunningStore['ctx'], deps: DeskDeps): { follower: DeskFollower; requests: DeskRequests } {
  const follower = new DeskFollower(ctx, { secrets: deps.secrets });
  return { follower, requests: new DeskRequests(ctx, { secrets: deps.secrets }, follower) };
}

async function deskCommand(rest: string[], values: Values, dbPath: string, io: CliIo): Promise<number> {
  const [sub, ...args] = rest;
  const deps = deskDeps();
  const takes = (count: number, what: string): void => {
    if (args.length !== count) throw new UsageError(`"desk ${sub}" ${what}.`);
  };
  switch (sub) {
    case 'join': {
      takes(1, 'needs the desk address, like ws://desk.example.org:4455');
      if (!process.env[DESK_TOKEN_ENV])
        throw new UsageError(
          `"desk join" reads your token from ${DESK_TOKEN_ENV}: set it to the token \`copydesk-server users add\` printed.`,
        );
      return withStore(
        dbPath,
        async ({ ctx }) => {
          const joined = await joinDesk(ctx, deps, args[0]!, process.env[DESK_TOKEN_ENV]!);
          io.out(
            `Joined the desk at ${joined.url} as ${joined.user} (${joined.role}). Keep ${DESK_TOKEN_ENV} set for desk sync.`,
          );
          return 0;
        },
        false,
      );
    }
    case 'share': {
      takes(1, 'needs exactly one draft id');
      const { id } = validated('drafts.get', { id: args[0]! });
      return withStore(dbPath, async ({ ctx }) => {
        const shared = await shareDraft(ctx, id);
        io.out(`Shared ${shared.draftId} with the desk; it is sent at the next "copydesk desk sync".`);
        return 0;
      });
    }
    case 'sync': {
      takes(0, 'takes no arguments');
      return withStore(dbPath, async ({ ctx }) => {
        const report = await syncDesk(ctx, deps);
        if (values.json) io.out(jsonForTerminal(report));
        else if (report.pieces.length === 0) io.out('Nothing is shared with the desk yet.');
        else {
          io.out(
            report.pieces
              .map(
                (p) =>
                  `${p.draftId ?? p.document}  ${p.created ? 'new from the desk' : `sent ${p.savesSent} save(s), received ${p.updatesReceived} update(s)`}  ${p.headline || 'Untitled'}`,
              )
              .join('\n'),
          );
        }
        const { uploaded, downloaded, waiting, problems } = report.images;
        if (!values.json && uploaded + downloaded + waiting > 0)
          io.out(`images: ${uploaded} sent, ${downloaded} received, ${waiting} waiting for the next sync`);
        for (const problem of values.json ? [] : problems) io.err(`copydesk: warning: ${problem}`);
        // Decisions that waited go now, and the desk's statuses reach the shared drafts.
        const { follower, requests } = deskWork(ctx, deps);
        try {
          await requests.sendWaiting();
          await follower.refresh();
        } catch (err) {
          io.err(`copydesk: warning: ${err instanceof Error ? err.message : String(err)}`);
        }
        return 0;
      });
    }
    case 'request': {
      takes(2, 'needs a draft id and an action, like: desk request ID submit');
      const input = validated('desk.request', {
        draftId: args[0]!,
        action: args[1]! as (typeof DESK_ACTIONS)[number],
        // Replaced below by the status the desk last gave the piece.
        expected: 'draft',
        reason: values.reason ?? '',
      });
      if (input.action === 'assign') throw new UsageError('"desk request" does not assign; assign from the Desk view.');
      return withStore(dbPath, async ({ ctx }) => {
        const { follower, requests } = deskWork(ctx, deps);
        // The freshest word on the piece's status, when the desk answers.
        await follower.refresh().catch(() => false);
        const outcome = await requests.ask({ ...input, expected: await requests.deskStatusOf(input.draftId) });
        if (values.json) io.out(jsonForTerminal(outcome));
        else if (outcome.state === 'done')
          io.out(`Done: “${outcome.piece.headline || 'Untitled'}” is now ${STATUS_LABELS[outcome.piece.status]}.`);
        else if (outcome.state === 'waiting')
          io.out(
            `Waiting: the desk could not be reached, so “${DESK_ACTION_RULES[input.action].label}” (request ${outcome.requestId}) is kept here and sent with the next "copydesk desk sync" or by the app.`,
          );
        else {
          io.err(`copydesk: the desk refused “${DESK_ACTION_RULES[input.action].label}”: ${outcome.message}`);
          for (const problem of outcome.problems) io.err(`  ${problem.message}`);
        }
        return outcome.state === 'refused' ? 1 : 0;
      });
    }
    case 'board': {
      takes(0, 'takes no arguments');
      return withStore(dbPath, async ({ ctx }) => {
        const { requests } = deskWork(ctx, deps);
        // The person's own decisions that waited (made offline) go first, so the board shows their outcome.
        const board = await requests.board();
        if (values.json) {
          io.out(jsonForTerminal(board));
          return 0;
        }
        const heard = board.heardAt ? board.heardAt.slice(0, 16).replace('T', ' ') : 'never';
        io.out(
          [
            `Desk board for ${board.user} (${board.role}): ${board.online ? 'from the desk now' : `offline; as last heard (${heard})`}`,
            ...(board.pieces.length === 0 ? ['No shared pieces on the desk.'] : []),
            ...board.pieces.map(
              (p) =>
                `${p.draftId ?? p.document}  ${STATUS_LABELS[p.status].padEnd(9)}  ${(p.assignee ?? '—').padEnd(12)}  ${p.headline || 'Untitled'}${p.postUrl ? `  ${p.postUrl}` : ''}`,
            ),
            ...board.requests.map(
              (r) =>
                `${r.state === 'refused' ? 'refused' : 'waiting'}: ${DESK_ACTION_RULES[r.action].label} “${r.headline || 'Untitled'}”${r.message ? `: ${r.message}` : ''}`,
            ),
          ].join('\n'),
        );
        return 0;
      });
    }
    case 'status': {
      takes(0, 'takes no arguments');
      return withStore(dbPath, async ({ ctx }) => {
        const status = await deskStatus(ctx, deps);
        if (values.json) {
          io.out(jsonForTerminal(status));
          return 0;
        }
        if (!status.connection) {
          io.out('Not joined to a desk. Join one with: COPYDESK_DESK_TOKEN=… copydesk desk join ws://HOST:PORT');
          return 0;
        }
        const { url, user, role, syncedAt } = status.connection;
        io.out(
          [
            `Desk: ${url}, as ${user} (${role}); last synced ${syncedAt ? syncedAt.slice(0, 16).replace('T', ' ') : 'never'}`,
            `Token: ${status.tokenKept ? `read from ${DESK_TOKEN_ENV}` : `${DESK_TOKEN_ENV} is not set`}`,
            `Changes waiting to be sent: ${status.waiting}`,
            ...status.pieces.map(
              (p) => `${p.draftId}  ${String(p.waiting).padStart(4)} waiting  ${p.headline || 'Untitled'}`,
            ),
          ].join('\n'),
        );
        return 0;
      });
    }
    default:
      throw new UsageError('"desk" needs "join", "share", "sync", "status", "request" or "board".');
  }
}
