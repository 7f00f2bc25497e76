import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { AppEvent, ServiceHandlers } from '../common/api';
import { SEARCH_VOCABULARIES } from './db/ftsQuery';
import { openStore } from './db/open';
import { ReadPool } from './db/readPool';
import { SEARCH_UPKEEP_AFTER_MS, tidySearchIndexes } from './db/searchUpkeep';
import { BodyJournal } from './services/bodyJournal';
import type { StoreContext } from './services/context';
import { createHandlers } from './handlers';
import { ProfileHolder } from './services/profile';
import { SaveNotices } from './services/saveNotices';
import { Outbox, type PublishDeps } from './publish/outbox';
import { EnvSecretStore } from './publish/secrets';
import { Grants } from './grants';
import { DeskLink } from './desk/link';

export interface StartStoreOptions {
  /** The database file; its folder also holds `images/` and `backups/`. */
  dbPath: string;
  now?: () => number;
  newId?: () => string;
  mustExist?: boolean;
  dailyBackup?: boolean;
  /** How long a write waits for another process's (default 5 s; the command line waits longer). */
  busyTimeoutMs?: number;
  onBackgroundProblem?: (error: Error) => void;
  /** Where progress events go (the app forwards them to the window). */
  onEvent?: (event: AppEvent) => void;
  /** How long after a piece's last autosave its edits are settled into its body and the search index. */
  settleAfterIdleMs?: number;
  /** How long after opening the search indexes' segments are merged (default 30 s). */
  searchUpkeepAfterMs?: number;
  /** Read-only connections a search may spread over (default: one per core, up to four). */
  readers?: number;
  /** Secrets, fetch and clocks for publishing; by default secrets come from COPYDESK_SECRET_<NAME>. */
  publish?: Partial<PublishDeps>;
  /**
   * Keep a live connection to the desk this computer joined (the app does;
   * the command line opens its own). Its token is kept with the publish secrets.
   */
  deskLive?: boolean | { reconnectDelayMs?: number; timeoutMs?: number };
}

export interface RunningStore {
  ctx: StoreContext;
  handlers: ServiceHandlers;
  migrated: number[];
  backupTaken: string | null;
  /** The search indexes' segments, merged in the background a while after opening; resolves to the slices it took (0 if closed first). */
  searchUpkeep: Promise<number>;
  /** The publish outbox: the app resumes waiting jobs with it. */
  outbox: Outbox;
  /** Paths the writer chose: the shell issues a grant for each, and the file methods take only grants. */
  grants: Grants;
  /** The live link to the newsroom's desk (stopped unless `deskLive`). */
  desk: DeskLink;
  close(): Promise<void>;
}

/** Opens the database and wires every service to it: the app, the CLI and the tests start here. */
export async function startStore(options: StartStoreOptions): Promise<RunningStore> {
  const now = options.now ?? Date.now;
  const opened = await openStore({
    path: options.dbPath,
    now,
    mustExist: options.mustExist,
    dailyBackup: options.dailyBackup,
    busyTimeoutMs: options.busyTimeoutMs,
    onBackgroundProblem: options.onBackgroundProblem,
  });
  const profile = new ProfileHolder();
  await profile.load(opened.db);
  const ctx: StoreContext = {
    db: opened.db,
    readers: new ReadPool(options.dbPath, { setup: SEARCH_VOCABULARIES, size: options.readers }),
    dataDir: dirname(options.dbPath),
    now,
    newId: options.newId ?? randomUUID,
    author: profile.name,
    role: profile.role,
    saves: new SaveNotices(),
    journal: new BodyJournal(opened.db, {
      settleAfterIdleMs: options.settleAfterIdleMs,
      onProblem: options.onBackgroundProblem,
    }),
  };
  await ctx.journal.recover();
  // The upkeep waits until the app has opened and painted, and never runs in a short-lived process such as the CLI.
  let closing = false;
  let startUpkeep: () => void = () => undefined;
  const searchUpkeep = new Promise<void>((start) => (startUpkeep = start))
    .then(() => (closing ? 0 : tidySearchIndexes(opened.db, () => closing)))
    .catch((err: unknown) => {
      options.onBackgroundProblem?.(err instanceof Error ? err : new Error(String(err)));
      return 0;
    });
  const upkeepAfterMs = options.searchUpkeepAfterMs ?? SEARCH_UPKEEP_AFTER_MS;
  // Unreferenced: a pending upkeep never keeps a process alive on its own.
  const upkeepTimer = setTimeout(startUpkeep, upkeepAfterMs).unref();
  if (upkeepAfterMs <= 0) startUpkeep();
  const publishDeps: PublishDeps = {
    ...options.publish,
    secrets: options.publish?.secrets ?? new EnvSecretStore(),
    onEvent: (event) => {
      options.publish?.onEvent?.(event);
      // A shared piece an editor sent live from here: the desk records it, with the post's address for everyone.
      if (event.job.state === 'done' && event.job.remoteStatus === 'publish')
        desk.published(event.job.draftId, event.job.url);
    },
  };
  const outbox = new Outbox(ctx, publishDeps);
  const grants = new Grants(now);
  const live = typeof options.deskLive === 'object' ? options.deskLive : {};
  const desk = new DeskLink(ctx, {
    secrets: publishDeps.secrets,
    ...live,
    onProblem: (error) => options.onBackgroundProblem?.(error),
    onArrived: (draftId) =>
      void desk
        .arrived(draftId)
        .then(() => announceArrival(ctx, draftId, options.onEvent))
        .catch((err: unknown) => options.onBackgroundProblem?.(err instanceof Error ? err : new Error(String(err)))),
    onUnshared: (draftId, headline) => options.onEvent?.({ type: 'desk.unshared', draftId, headline }),
    onReshared: (draftId, headline) => options.onEvent?.({ type: 'desk.reshared', draftId, headline }),
    onChanged: () => options.onEvent?.({ type: 'desk.changed' }),
    onLiveEvent: (event) => options.onEvent?.(event),
    onStatusFollowed: (draftId) =>
      void announceArrival(ctx, draftId, options.onEvent).catch((err: unknown) =>
        options.onBackgroundProblem?.(err instanceof Error ? err : new Error(String(err))),
      ),
  });
  if (options.deskLive) await desk.restart();
  return {
    ctx,
    handlers: createHandlers(ctx, profile, { outbox, secrets: publishDeps.secrets }, grants, desk, options.onEvent),
    outbox,
    grants,
    desk,
    migrated: opened.migrated,
    backupTaken: opened.backupTaken,
    searchUpkeep,
    close: async () => {
      closing = true;
      await desk.close();
      clearTimeout(upkeepTimer);
      startUpkeep();
      await searchUpkeep;
      await ctx.journal.close();
      await ctx.readers.close();
      await opened.db.close();
    },
  };
}

/** Tells the window a draft changed from the desk, so an open, unedited copy reloads. */
async function announceArrival(ctx: StoreContext, draftId: string, emit: StartStoreOptions['onEvent']): Promise<void> {
  const row = await ctx.db.get<{ version: number; updated_at: number }>(
    'SELECT version, updated_at FROM drafts WHERE id = ?',
    [draftId],
  );
  if (row)
    emit?.({
      type: 'draft.saved',
      id: draftId,
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
    });
}

export const DATABASE_FILE = 'copydesk.db';

export function databasePathIn(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}
