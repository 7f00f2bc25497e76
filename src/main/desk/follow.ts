import { boardColumns, peopleOf, type BoardQuery } from '../../common/desk/board';
import type {
  BoardPiece,
  DeskBoard,
  DeskBoardView,
  DeskNotifications,
  QueuedDeskRequest,
} from '../../common/desk/status';
import type { DeskNotification, DeskPieceState } from '../../common/desk/workflow';
import { checkSettingsFrom, type CheckSettings } from '../../common/check';
import { AppError } from '../../common/errors';
import type { Queryable, SqlValue } from '../db/sqlite';
import type { SecretStore } from '../publish/secrets';
import type { StoreContext } from '../services/context';
import { getSetting, setSetting } from '../services/settings';
import { followDeskStatus } from '../services/workflow';
import { DeskApi, DeskApiError } from './deskApi';
import { DESK_TOKEN_SECRET } from './service';

/**
 * Following the desk's word: every shared piece's state and this person's
 * notifications, fetched when the desk says something changed (and on each
 * connection), kept here so the board shows offline, and each shared
 * piece's status applied to its local draft.
 */

export interface DeskWorkDeps {
  secrets: SecretStore;
  /** Per HTTP request to the desk (default 15 s). */
  timeoutMs?: number;
  /** False while the app's live connection is down: nothing is tried (no timeouts to sit through) until it is back. */
  reachable?: () => boolean;
  /** The board, a request or the notifications changed (the app tells the window: desk.changed). */
  onChanged?: () => void;
  /** A draft's status was set from the desk (the app tells the window: draft.saved). */
  onStatusFollowed?: (draftId: string) => void;
}

/** The desk's HTTP endpoints with the kept token, or null when this computer cannot ask (not joined, no token, offline). */
export async function openDeskApi(ctx: StoreContext, deps: DeskWorkDeps): Promise<DeskApi | null> {
  if (deps.reachable?.() === false) return null;
  const joined = await ctx.db.get<{ url: string }>('SELECT url FROM desk_connection WHERE id = 1');
  const token = joined ? await deps.secrets.get(DESK_TOKEN_SECRET) : null;
  if (!joined || !token) return null;
  return new DeskApi({ url: joined.url, token, ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }) });
}

export function notJoined(): AppError {
  return new AppError('not_found', 'This computer has not joined a desk yet: join one first (copydesk desk join URL).');
}

/** The notifications as their table keeps them, in id order. */
const notificationRows = (items: DeskNotification[]): Array<{ id: number; item: string }> =>
  items.map((item) => ({ id: item.id, item: JSON.stringify(item) })).sort((a, b) => a.id - b.id);

/** The board's and the notifications' rows as one string, to tell a hearing that brought news from one that did not. */
const keptForm = (
  board: Array<{ document: string; state: string }>,
  notifications: Array<{ id: number; item: string }>,
): string => JSON.stringify([board, notifications]);

/** Inserts rows of two values, a few hundred a statement (SQLite takes at most 999 parameters in older builds). */
async function insertRows(q: Queryable, insert: string, rows: Array<[SqlValue, SqlValue]>): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    await q.run(`${insert} VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class DeskFollower {
  /** One hearing at a time: two would interleave their replacing of the caches. */
  private turn: Promise<unknown> = Promise.resolve();
  /** A hearing queued behind the running one and not started yet: callers meanwhile share it. */
  private queued: Promise<boolean> | null = null;
  /** Whether the last hearing reached the desk (null: none finished yet): coming back, or going, is news for the window. */
  private reached: boolean | null = null;

  constructor(
    private readonly ctx: StoreContext,
    private readonly deps: DeskWorkDeps,
  ) {}

  /**
   * Takes one piece's state from the server (an answer to a request, or the
   * board): kept in the cache, and its status given to the local draft.
   * Returns whether the draft's status changed.
   */
  async applyState(state: DeskPieceState): Promise<boolean> {
    await this.ctx.db.run(
      'INSERT INTO desk_board (document, state) VALUES (?, ?) ON CONFLICT(document) DO UPDATE SET state = excluded.state',
      [state.document, JSON.stringify(state)],
    );
    const held = await this.ctx.db.get<{ draft_id: string }>(
      "SELECT draft_id FROM desk_pieces WHERE document = ? AND state = 'shared'",
      [state.document],
    );
    if (!held) return false;
    const changed = await followDeskStatus(this.ctx, held.draft_id, state.status, state.updatedBy);
    if (changed) this.deps.onStatusFollowed?.(held.draft_id);
    return changed !== null;
  }

  /** Hears the board and the notifications from the server; false when it could not (offline, not joined). Throws a DeskApiError for a bad answer. */
  refresh(): Promise<boolean> {
    // One not started yet will read the desk after this call, so it answers this call too: the window's board and
    // notifications, asked together, cost one hearing, not two.
    if (this.queued) return this.queued;
    const run = this.turn.then(() => {
      this.queued = null;
      return this.hearAndTell();
    });
    this.queued = run;
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async hearAndTell(): Promise<boolean> {
    const before = this.reached;
    let reached = false;
    try {
      reached = await this.hear(before !== true);
      return reached;
    } finally {
      this.reached = reached;
      // The window draws the kept board at once and hears behind it: a desk gone quiet is news it must be told.
      if (before === true && !reached) this.deps.onChanged?.();
    }
  }

  private async hear(cameBack: boolean): Promise<boolean> {
    const api = await openDeskApi(this.ctx, this.deps);
    if (!api) return false;
    const pieces = await api.pieces();
    const notifications = await api.notifications();
    const boardRows = pieces
      .map((piece) => ({ document: piece.document, state: JSON.stringify(piece) }))
      .sort((a, b) => (a.document < b.document ? -1 : a.document > b.document ? 1 : 0));
    const before = await this.cached();
    await this.ctx.db.transaction(async (tx) => {
      await tx.run('DELETE FROM desk_board');
      // Many rows a statement: a newsroom's board is thousands of pieces, and each statement is a round trip.
      await insertRows(
        tx,
        'INSERT OR REPLACE INTO desk_board (document, state)',
        boardRows.map((r) => [r.document, r.state]),
      );
      await this.keepNotifications(tx, notifications);
      await tx.run('UPDATE desk_connection SET heard_at = ? WHERE id = 1', [this.ctx.now()]);
    });
    // Only the pieces held here have a local draft whose status follows the desk's.
    const held = new Map(
      (
        await this.ctx.db.all<{ document: string; draft_id: string }>(
          "SELECT document, draft_id FROM desk_pieces WHERE state = 'shared'",
        )
      ).map((r) => [r.document, r.draft_id]),
    );
    for (const piece of pieces) {
      const draftId = held.get(piece.document);
      if (draftId === undefined) continue;
      if (await followDeskStatus(this.ctx, draftId, piece.status, piece.updatedBy))
        this.deps.onStatusFollowed?.(draftId);
    }
    const rulesChanged = await this.followCheckRules(api);
    // Only news is announced: the window reads the board again on desk.changed, and that reading hears the desk
    // again, so announcing every hearing would have the two ask each other for ever (until the desk's rate limit).
    // What was just written, in the form cached() reads it back, so the board is not read a second time.
    const after = keptForm(boardRows, notificationRows(notifications));
    if (cameBack || rulesChanged || after !== before) this.deps.onChanged?.();
    return true;
  }

  /** On a desk, the pre-publish check's rules are the newsroom's: kept here too, so the check runs offline by them. Says whether they changed. */
  private async followCheckRules(api: DeskApi): Promise<boolean> {
    let rules: CheckSettings;
    try {
      rules = await api.checkSettings();
    } catch (err) {
      // A desk without the rules (an older server) leaves this computer's own.
      if (err instanceof DeskApiError) return false;
      throw err;
    }
    const { value } = await getSetting(this.ctx, 'check');
    if (JSON.stringify(checkSettingsFrom(value)) === JSON.stringify(rules)) return false;
    await setSetting(this.ctx, 'check', rules);
    return true;
  }

  /** The board and the notifications as kept here, as one string to compare a hearing's result with. */
  private async cached(): Promise<string> {
    const board = await this.ctx.db.all<{ document: string; state: string }>(
      'SELECT document, state FROM desk_board ORDER BY document',
    );
    const notifications = await this.ctx.db.all<{ id: number; item: string }>(
      'SELECT id, item FROM desk_notifications ORDER BY id',
    );
    return keptForm(board, notifications);
  }

  private async keepNotifications(tx: Queryable, notifications: DeskNotification[]): Promise<void> {
    await tx.run('DELETE FROM desk_notifications');
    await insertRows(
      tx,
      'INSERT OR REPLACE INTO desk_notifications (id, item)',
      notificationRows(notifications).map((r) => [r.id, r.item]),
    );
  }

  /** Only the notifications: the board is heard on the desk's own signal, not each time the list is shown. */
  private async hearNotifications(): Promise<void> {
    const run = this.turn.then(async () => {
      const api = await openDeskApi(this.ctx, this.deps);
      if (!api) return;
      const notifications = await api.notifications();
      await this.ctx.db.transaction((tx) => this.keepNotifications(tx, notifications));
    });
    this.turn = run.catch(() => undefined);
    try {
      await run;
    } catch (err) {
      // Offline or a bad answer: the last heard list still shows.
      if (!(err instanceof DeskApiError)) throw err;
    }
  }

  /** Hears the server when it can; says whether the cache is now the server's word. */
  async tryRefresh(): Promise<boolean> {
    try {
      return await this.refresh();
    } catch (err) {
      // A desk that answers badly is reported by the caller as offline; what is cached still shows.
      if (err instanceof DeskApiError) return false;
      throw err;
    }
  }

  /** The team's pieces: the server's word when it answers, else the last heard (online false, with when). */
  async board(requests: QueuedDeskRequest[]): Promise<DeskBoard> {
    const online = await this.tryRefresh();
    const joined = await this.ctx.db.get<{ user_name: string; role: string; heard_at: number | null }>(
      'SELECT user_name, role, heard_at FROM desk_connection WHERE id = 1',
    );
    if (!joined) throw notJoined();
    const rows = await this.ctx.db.all<{ state: string; draft_id: string | null }>(
      `SELECT b.state, p.draft_id FROM desk_board b
         LEFT JOIN desk_pieces p ON p.document = b.document AND p.state = 'shared'
        ORDER BY b.document`,
    );
    return {
      user: joined.user_name,
      role: joined.role,
      online,
      heardAt: iso(joined.heard_at),
      pieces: rows.map((r) => ({ ...(JSON.parse(r.state) as DeskPieceState), draftId: r.draft_id })),
      requests,
    };
  }

  /**
   * The board as the window draws it, from what is kept, without waiting for the desk (the caller hears it behind):
   * read on a read-only connection, which sees the last committed board, never one a hearing is halfway through
   * replacing, and does not wait behind it.
   */
  async view(query: BoardQuery, requests: QueuedDeskRequest[]): Promise<DeskBoardView> {
    const [reader] = await this.ctx.readers.connections();
    const joined = await reader!.get<{ user_name: string; role: string; heard_at: number | null }>(
      'SELECT user_name, role, heard_at FROM desk_connection WHERE id = 1',
    );
    if (!joined) throw notJoined();
    const rows = await reader!.all<{ state: string; draft_id: string | null }>(
      `SELECT b.state, p.draft_id FROM desk_board b
         LEFT JOIN desk_pieces p ON p.document = b.document AND p.state = 'shared'
        ORDER BY b.document`,
    );
    const pieces: BoardPiece[] = rows.map((r) => ({ ...(JSON.parse(r.state) as DeskPieceState), draftId: r.draft_id }));
    return {
      user: joined.user_name,
      role: joined.role,
      online: this.deps.reachable?.() !== false && this.reached !== false,
      heardAt: iso(joined.heard_at),
      columns: boardColumns(pieces, query, joined.user_name, new Date(this.ctx.now())),
      held: pieces.filter((p) => p.draftId !== null),
      people: peopleOf(pieces, joined.user_name),
      requests,
    };
  }

  /** The person's notifications: from the server when it answers, else the last heard. */
  async notifications(): Promise<DeskNotifications> {
    if (!(await this.ctx.db.get('SELECT 1 FROM desk_connection WHERE id = 1'))) throw notJoined();
    await this.hearNotifications();
    return this.cachedNotifications();
  }

  private async cachedNotifications(): Promise<DeskNotifications> {
    const items = (await this.ctx.db.all<{ item: string }>('SELECT item FROM desk_notifications')).map(
      (r) => JSON.parse(r.item) as DeskNotification,
    );
    items.sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
    return { unread: items.filter((n) => n.readAt === null).length, items };
  }

  /**
   * Marks notifications read on the server (read/unread is kept per person
   * there, so every machine agrees). Offline it is refused, not queued: a
   * read-mark is cheap to redo, and a queue of them would show a count the
   * server does not share.
   */
  async readNotifications(ids: number[] | 'all'): Promise<DeskNotifications> {
    if (!(await this.ctx.db.get('SELECT 1 FROM desk_connection WHERE id = 1'))) throw notJoined();
    const api = await openDeskApi(this.ctx, this.deps);
    const offline = new AppError(
      'internal',
      'Notifications are marked read on the desk, which cannot be reached now: they stay unread here until you are back online.',
    );
    if (!api) throw offline;
    try {
      await api.markRead(ids);
    } catch (err) {
      if (err instanceof DeskApiError) throw new AppError('internal', `${offline.message} (${err.message})`);
      throw err;
    }
    await this.tryRefresh();
    return this.cachedNotifications();
  }
}

const OFFLINE = 'This needs the connection to the desk, which cannot be reached now. Nothing was sent.';

/** One call that only the desk can answer now (no queue): its refusals become the app's errors, with the desk's words. */
export async function askDesk<T>(
  ctx: StoreContext,
  deps: DeskWorkDeps,
  call: (api: DeskApi) => Promise<T>,
): Promise<T> {
  if (!(await ctx.db.get('SELECT 1 FROM desk_connection WHERE id = 1'))) throw notJoined();
  const api = await openDeskApi(ctx, deps);
  if (!api) throw new AppError('internal', OFFLINE);
  try {
    return await call(api);
  } catch (err) {
    if (!(err instanceof DeskApiError)) throw err;
    if (err.status === 403) throw new AppError('forbidden', err.message);
    if (err.status === 404) throw new AppError('not_found', err.message);
    if (err.status === 409) throw new AppError('invalid_transition', err.message);
    if (err.status === 400) throw new AppError('invalid_input', err.message);
    throw new AppError('internal', err.status === null ? `${OFFLINE} (${err.message})` : err.message);
  }
}
