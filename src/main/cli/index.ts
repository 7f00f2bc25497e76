import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DRAFT_STATUSES, STATUS_LABELS, type DraftStatus, type DraftSummary } from '../../common/domain';
import { AppError } from '../../common/errors';
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

async function withStore<T>(dbPath: string, work: (store: RunningStore) => Promise<T>): Promise<T> {
  const store = await startStore({ dbPath, mustExist: true });
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
    if (status !== undefined && !(DRAFT_STATUSES as readonly string[]).includes(status)) {
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
    io.err(`copydesk: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
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
