import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DRAFT_STATUSES, STATUS_LABELS, type DraftStatus, type DraftSummary } from '../../common/domain';
import { AppError } from '../../common/errors';
import { FIGURE_STYLES } from '../../common/exchange';
import type { FigureStyle } from '../../common/export/markdown';
import { PUBLISH_TARGET_KINDS, REMOTE_STATUS_CHOICES, type PublishTargetKind, type RemoteStatusChoice } from '../../common/publish';
import { secretEnvName } from '../publish/secrets';
import { exportToFolder } from '../export/exportDrafts';
import { importFiles } from '../import/importFiles';
import { storageProblem } from '../ipc/dispatch';
import { defaultDataDir } from '../paths';
import { databasePathIn, startStore, type RunningStore } from '../store';

/**
 * `copydesk`: the same services as the app, in plain Node. Exit codes:
 * 0 done, 1 the command failed (missing database, unknown draft…), 2 the
 * command line itself was wrong.
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

Options:
  --db PATH     Database file (default: ${databasePathIn(defaultDataDir())})
  -h, --help    Show this help

Statuses: ${DRAFT_STATUSES.join(', ')}`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

class UsageError extends Error {}

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

/** Read-only commands refuse a missing database; `import` creates one (with every migration), as the app does. */
async function withStore<T>(dbPath: string, work: (store: RunningStore) => Promise<T>, mustExist = true): Promise<T> {
  const store = await startStore({ dbPath, mustExist });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
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
        return await withStore(dbPath, async ({ handlers }) => {
          const rows: DraftSummary[] = [];
          for (let offset = 0; ; offset += 500) {
            const page = await handlers['drafts.list']({ trashed: false, offset, limit: 500, ...(status && { status: status as DraftStatus }), ...(tag && { tag }) });
            rows.push(...page.rows);
            if (rows.length >= page.total || page.rows.length === 0) break;
          }
          io.out(json ? JSON.stringify(rows, null, 2) : rows.length ? rows.map(summaryLine).join('\n') : 'No drafts.');
          return 0;
        });
      }
      case 'search': {
        const query = rest.join(' ').trim();
        if (!query) throw new UsageError('"search" needs a query.');
        return await withStore(dbPath, async ({ handlers }) => {
          const page = await handlers['drafts.list']({ query, trashed: false, offset: 0, limit: 50 });
          if (json) io.out(JSON.stringify(page.rows, null, 2));
          else if (page.rows.length === 0) io.out('Nothing found.');
          else {
            io.out(
              page.rows
                .map((row) => `${summaryLine(row)}\n    ${(row.snippet ?? []).map((p) => (p.hit ? `[${p.text}]` : p.text)).join('').replace(/\s+/g, ' ')}`)
                .join('\n'),
            );
          }
          return 0;
        });
      }
      case 'show': {
        if (rest.length !== 1) throw new UsageError('"show" needs exactly one draft id.');
        if (!json) throw new UsageError('"show" prints JSON: add --json.');
        return await withStore(dbPath, async ({ handlers }) => {
          const draft = await handlers['drafts.get']({ id: rest[0]! });
          const images = [];
          for (const id of new Set(collectImageIds(draft.body.root.children, draft.topImage))) {
            images.push(await handlers['images.get']({ id }).catch(() => ({ id, missing: true })));
          }
          io.out(JSON.stringify({ ...draft, images }, null, 2));
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
        return await withStore(dbPath, async ({ ctx }) => {
          const result = await exportToFolder(ctx, {
            dir: resolve(out),
            format,
            ...(figureStyle && { figureStyle: figureStyle as FigureStyle }),
            ...(ids.length > 0 ? { ids } : { filter: { ...(status && { status: status as DraftStatus }), ...(tag && { tag }) } }),
          });
          for (const written of result.written) {
            io.out(written.path);
            for (const warning of written.warnings) io.err(`copydesk: warning: ${warning}`);
          }
          for (const failed of result.failed) io.err(`copydesk: ${failed.id}${failed.headline ? ` (${failed.headline})` : ''}: ${failed.message}`);
          if (result.written.length === 0 && result.failed.length === 0) io.err('copydesk: no drafts matched; nothing was written.');
          return result.failed.length > 0 ? 1 : 0;
        });
      }
      case 'import': {
        if (rest.length === 0) throw new UsageError('"import" needs at least one file.');
        return await withStore(
          dbPath,
          async ({ ctx }) => {
            const result = await importFiles(
              ctx,
              rest.map((file) => resolve(file)),
            );
            if (json) io.out(JSON.stringify(result, null, 2));
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
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`copydesk: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof AppError) {
      io.err(`copydesk: ${err.message}`);
      return 1;
    }
    io.err(`copydesk: ${storageProblem(err) ?? (err instanceof Error ? err.message : String(err))}`);
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
      if (values.json) io.out(JSON.stringify(targets, null, 2));
      else if (targets.length === 0) io.out('No publish targets. Add one with: copydesk targets add NAME --kind wordpress --url URL --user USER');
      else {
        io.out(
          targets
            .map((t) => `${t.name.padEnd(16)}  ${t.kind.padEnd(9)}  ${t.url}${t.user ? `  (user ${t.user})` : ''}  ${t.secretSet ? 'secret set' : `no secret: set ${secretEnvName(t.name)}`}`)
            .join('\n'),
        );
      }
      return 0;
    });
  }
  if (sub === 'add') {
    if (names.length !== 1) throw new UsageError('"targets add" needs exactly one NAME.');
    const kind = values.kind;
    if (!kind || !(PUBLISH_TARGET_KINDS as readonly string[]).includes(kind)) throw new UsageError(`"targets add" needs --kind ${PUBLISH_TARGET_KINDS.join('|')}.`);
    if (!values.url) throw new UsageError('"targets add" needs --url URL.');
    return withStore(
      dbPath,
      async ({ handlers }) => {
        const target = await handlers['targets.add']({ name: names[0]!, kind: kind as PublishTargetKind, url: values.url!, user: values.user ?? '', options: {} });
        io.out(`Added ${target.kind} target “${target.name}” (${target.url}). Its secret is read from ${secretEnvName(target.name)}.`);
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
  if (!(REMOTE_STATUS_CHOICES as readonly string[]).includes(status)) throw new UsageError(`"publish --status" is one of ${REMOTE_STATUS_CHOICES.join(', ')}.`);
  return withStore(dbPath, async ({ handlers }) => {
    const outcome = await handlers['publish.run']({ draftId: rest[0]!, target: values.target!, status: status as RemoteStatusChoice, wait: true });
    if (values.json) {
      io.out(JSON.stringify(outcome, null, 2));
    } else if (outcome.kind === 'unchanged') {
      io.out(`${outcome.message}\nremote id: ${outcome.publication.remoteId}\nurl: ${outcome.publication.url}`);
    } else if (outcome.job.state === 'done') {
      io.out(`remote id: ${outcome.job.remoteId ?? ''}\nurl: ${outcome.job.url ?? ''}`);
    } else {
      io.err(`copydesk: ${outcome.message}${outcome.job.state === 'retrying' ? ' (the job stays in the outbox; run the command again, or open the app, to retry)' : ''}`);
    }
    return outcome.kind === 'unchanged' || outcome.job.state === 'done' ? 0 : 1;
  });
}

function collectImageIds(nodes: ReadonlyArray<{ type: string; image?: unknown; children?: unknown }>, topImage: string | null): string[] {
  const ids: string[] = topImage ? [topImage] : [];
  const walk = (list: ReadonlyArray<{ type: string; image?: unknown; children?: unknown }>): void => {
    for (const node of list) {
      if (node.type === 'figure' && typeof node.image === 'string') ids.push(node.image);
      if (Array.isArray(node.children)) walk(node.children as typeof list);
    }
  };
  walk(nodes);
  return ids;
}
