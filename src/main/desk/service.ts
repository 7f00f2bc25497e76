import { DESK_INDEX_DOCUMENT, pieceDocumentName } from '../../common/desk/protocol';
import type { DeskConnection, DeskListing, DeskStatus, Present, SyncReport } from '../../common/desk/status';
import { AppError } from '../../common/errors';
import type { SecretStore } from '../publish/secrets';
import type { StoreContext } from '../services/context';
import { loadDraftHead } from '../services/draftRecords';
import {
  checkDeskUrl,
  DeskClient,
  DeskRefused,
  DeskUnreachable,
  type DeskClientOptions,
  type DeskUser,
} from './deskClient';
import { takeImageProblems } from './deskImages';
import { countWaiting } from './updateLog';

/**
 * The team desk's services: join a desk, share a piece, sync, and say
 * where things stand. Plain functions over the store, as the others are;
 * the token is a secret kept where publish keeps its own.
 */

/**
 * The desk token's key among the secrets. Target names are trimmed, so no
 * publish target can be called this and take its place.
 */
export const DESK_TOKEN_SECRET = ' desk';

export interface DeskDeps {
  secrets: SecretStore;
  /** How long to wait for the server's answer (default 15 s). */
  timeoutMs?: number;
  reconnectDelayMs?: number;
}

interface ConnectionRow {
  url: string;
  user_name: string;
  role: string;
  joined_at: number;
  synced_at: number | null;
}

async function connection(ctx: StoreContext): Promise<ConnectionRow | undefined> {
  return ctx.db.get<ConnectionRow>(
    'SELECT url, user_name, role, joined_at, synced_at FROM desk_connection WHERE id = 1',
  );
}

function notJoined(): AppError {
  return new AppError('not_found', 'This computer has not joined a desk yet: join one first (copydesk desk join URL).');
}

/** Checks the server answers and accepts the token, then keeps the address, who the token belongs to, and the token. */
export async function joinDesk(ctx: StoreContext, deps: DeskDeps, url: string, token: string): Promise<DeskConnection> {
  checkDeskUrl(url);
  if (!token)
    throw new AppError('invalid_input', 'Joining a desk needs the token `copydesk-server users add` printed for you.');
  const client = new DeskClient(ctx, {
    url,
    token,
    ...(deps.reconnectDelayMs !== undefined && { reconnectDelayMs: deps.reconnectDelayMs }),
  });
  let user: DeskUser;
  try {
    user = await welcomed(client, deps);
  } finally {
    await client.close();
  }
  await deps.secrets.set(DESK_TOKEN_SECRET, token);
  const now = ctx.now();
  await ctx.db.run(
    `INSERT INTO desk_connection (id, url, user_name, role, joined_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET url = excluded.url, user_name = excluded.user_name, role = excluded.role, joined_at = excluded.joined_at`,
    [url, user.name, user.role, now],
  );
  return { url, user: user.name, role: user.role, joinedAt: new Date(now).toISOString(), syncedAt: null };
}

/**
 * Shares a draft with the desk. It works offline: the piece's document is
 * written to the log now and reaches the desk with the next sync, or at once
 * through the app's live client when it is given.
 */
export async function shareDraft(
  ctx: StoreContext,
  draftId: string,
  live?: DeskClient,
): Promise<{ draftId: string; document: string }> {
  const joined = await connection(ctx);
  if (!joined) throw notJoined();
  const document = pieceDocumentName(draftId);
  await ctx.db.transaction(async (tx) => {
    const head = await loadDraftHead(tx, draftId);
    if (head.trashedAt !== null)
      throw new AppError('trashed', 'This draft is in the trash. Restore it before sharing it.');
    // synced_version 0: no save of the draft is in the document yet, so the first push writes it whole.
    // A copy kept local since it was unshared is followed again by the index's step that lists it again.
    await tx.run(
      'INSERT INTO desk_pieces (document, draft_id, shared_at, synced_version) VALUES (?, ?, ?, 0) ON CONFLICT(document) DO NOTHING',
      [document, draftId, ctx.now()],
    );
  });
  if (live) {
    await live.pushAndIndex(await live.piece(document), true);
    return { draftId, document };
  }
  const client = new DeskClient(ctx, { url: joined.url, token: '', connect: false });
  try {
    await client.pushAndIndex(await client.piece(document), true);
  } finally {
    await client.close();
  }
  return { draftId, document };
}

/**
 * Takes a piece off the desk's list. Every machine holding it keeps its copy
 * as a local piece and is told; the desk's document is no longer followed.
 * Offline, the removal waits in the index's log like any change.
 */
export async function unshareDraft(
  ctx: StoreContext,
  draftId: string,
  live?: DeskClient,
): Promise<{ draftId: string }> {
  const joined = await connection(ctx);
  if (!joined) throw notJoined();
  const row = await ctx.db.get<{ document: string }>(
    "SELECT document FROM desk_pieces WHERE draft_id = ? AND state = 'shared'",
    [draftId],
  );
  if (!row) throw new AppError('not_found', 'This piece is not shared with the desk.');
  if (live) {
    await live.unlist(row.document);
    return { draftId };
  }
  const client = new DeskClient(ctx, { url: joined.url, token: '', connect: false });
  try {
    await client.unlist(row.document);
  } finally {
    await client.close();
  }
  return { draftId };
}

/**
 * The app's live connection: every shared piece opened and following its
 * saves, reconnecting on its own; what cannot be sent waits in the log.
 */
type ClientHooks = Pick<
  DeskClientOptions,
  'onProblem' | 'onArrived' | 'onUnshared' | 'onReshared' | 'onWelcome' | 'onDeskChanged'
>;

export async function connectDesk(ctx: StoreContext, deps: DeskDeps & ClientHooks): Promise<DeskClient> {
  const client = await openClient(ctx, deps);
  await client.followListed();
  const held = await ctx.db.all<{ document: string }>("SELECT document FROM desk_pieces WHERE state = 'shared'");
  for (const { document } of held) await client.pushAndIndex(await client.piece(document));
  return client;
}

async function openClient(ctx: StoreContext, deps: DeskDeps & ClientHooks): Promise<DeskClient> {
  const joined = await connection(ctx);
  if (!joined) throw notJoined();
  const token = await deps.secrets.get(DESK_TOKEN_SECRET);
  if (!token)
    throw new AppError('forbidden', 'No desk token is kept on this computer: join the desk again with your token.');
  return new DeskClient(ctx, {
    url: joined.url,
    token,
    ...(deps.reconnectDelayMs !== undefined && { reconnectDelayMs: deps.reconnectDelayMs }),
    ...(deps.onProblem && { onProblem: deps.onProblem }),
    ...(deps.onArrived && { onArrived: deps.onArrived }),
    ...(deps.onUnshared && { onUnshared: deps.onUnshared }),
    ...(deps.onReshared && { onReshared: deps.onReshared }),
    ...(deps.onWelcome && { onWelcome: deps.onWelcome }),
    ...(deps.onDeskChanged && { onDeskChanged: deps.onDeskChanged }),
  });
}

/**
 * Runs `work` on the app's live client when there is one (it must be
 * connected: a sync that cannot reach the desk says so rather than waiting),
 * else on a client opened for this and closed after.
 */
async function withClient<T>(
  ctx: StoreContext,
  deps: DeskDeps,
  live: DeskClient | undefined,
  work: (client: DeskClient, problems: Error[]) => Promise<T>,
): Promise<T> {
  // What failed in the background (writing what arrived) fails the work rather than passing unseen.
  const problems: Error[] = [];
  if (live) {
    if (live.refusal) throw new DeskRefused(live.refusal);
    if (!live.online) throw new DeskUnreachable(live.url);
    return work(live, problems);
  }
  const client = await openClient(ctx, { ...deps, onProblem: (error) => problems.push(error) });
  try {
    return await work(client, problems);
  } finally {
    await client.close();
  }
}

/** Who the server says holds the token; fails when it refuses it or cannot be reached. */
function welcomed(client: DeskClient, deps: DeskDeps): Promise<DeskUser> {
  return client.welcome({
    failWhenUnreachable: true,
    ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
  });
}

/** Connects, exchanges every shared piece (and takes the desk's pieces not held here yet), reports what moved. */
export async function syncDesk(ctx: StoreContext, deps: DeskDeps, live?: DeskClient): Promise<SyncReport> {
  return withClient(ctx, deps, live, async (client, problems) => {
    const tally = client.imagesTally();
    const user = await welcomed(client, deps);
    const held = await ctx.db.all<{ document: string }>("SELECT document FROM desk_pieces WHERE state = 'shared'");
    // Saves made while no client was running go into their documents before the exchange.
    for (const { document } of held) await client.pushAndIndex(await client.piece(document));
    await client.inStep(deps.timeoutMs);
    await client.followListed();
    for (const document of (await client.listed()).keys()) await client.piece(document);
    await client.inStep(deps.timeoutMs);
    // The words are in; an image that cannot move now is reported and waits, never failing the sync.
    const imageProblems = takeImageProblems(problems);
    if (problems.length > 0) throw problems[0]!;
    const moved = await client.imagesInStep(tally);
    const images = { ...moved, problems: [...imageProblems, ...takeImageProblems(problems)] };
    const now = ctx.now();
    await ctx.db.run('UPDATE desk_connection SET synced_at = ?, user_name = ?, role = ? WHERE id = 1', [
      now,
      user.name,
      user.role,
    ]);
    await ctx.db.run("UPDATE desk_pieces SET synced_at = ? WHERE state = 'shared'", [now]);
    const pieces: SyncReport['pieces'] = [];
    for (const piece of await client.openPieces()) {
      const moves = await piece.moves();
      const head = moves.draftId
        ? await ctx.db.get<{ headline: string }>('SELECT headline FROM drafts WHERE id = ?', [moves.draftId])
        : undefined;
      pieces.push({ ...moves, headline: head?.headline ?? '' });
    }
    return { user: user.name, pieces, images };
  });
}

/** The desk's list of pieces, from its index alone: no piece is downloaded. */
export async function listDesk(
  ctx: StoreContext,
  deps: DeskDeps,
  live?: DeskClient,
  present?: ReadonlyMap<string, Present[]>,
): Promise<DeskListing[]> {
  return withClient(ctx, deps, live, async (client) => {
    await welcomed(client, deps);
    await client.inStep(deps.timeoutMs);
    const held = new Map(
      (await ctx.db.all<{ document: string; draft_id: string }>('SELECT document, draft_id FROM desk_pieces')).map(
        (r) => [r.document, r.draft_id],
      ),
    );
    return [...(await client.listed())].map(([document, entry]) => ({
      document,
      ...entry,
      draftId: held.get(document) ?? null,
      present: present?.get(document) ?? [],
    }));
  });
}

/** Downloads one piece of the desk's list and keeps it here as a local draft (shared), which the live client then follows. */
export async function takeDeskPiece(
  ctx: StoreContext,
  deps: DeskDeps,
  document: string,
  live?: DeskClient,
): Promise<{ draftId: string }> {
  return withClient(ctx, deps, live, async (client, problems) => {
    await welcomed(client, deps);
    await client.inStep(deps.timeoutMs);
    if (!(await client.listed()).has(document))
      throw new AppError('not_found', 'That piece is no longer on the desk: it may have been unshared.');
    // A copy kept here since the piece was unshared follows it again.
    await client.followListed();
    const piece = await client.piece(document);
    await client.inStep(deps.timeoutMs);
    takeImageProblems(problems);
    if (problems.length > 0) throw problems[0]!;
    const draftId = await piece.draftId();
    if (!draftId)
      throw new AppError(
        'not_found',
        'The desk has no words for that piece yet: try again once its writer has synced.',
      );
    // Its images too, so it shows and exports offline; one that cannot come now waits for the next sync.
    await client.imagesInStep();
    return { draftId };
  });
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Where the desk stands, from this computer's records alone (no connection). */
export async function deskStatus(
  ctx: StoreContext,
  deps: DeskDeps,
  live?: DeskClient,
  present?: ReadonlyMap<string, Present[]>,
): Promise<DeskStatus> {
  const joined = await connection(ctx);
  const rows = await ctx.db.all<{
    draft_id: string;
    document: string;
    headline: string;
    shared_at: number;
    synced_at: number | null;
    waiting: number;
    unseen: number;
  }>(
    `SELECT p.draft_id, p.document, d.headline, p.shared_at, p.synced_at,
            coalesce(p.arrived_at > coalesce(p.seen_at, 0), 0) AS unseen,
            (SELECT count(*) FROM desk_updates u WHERE u.document = p.document AND u.acked = 0)
              + (d.version <> p.synced_version) AS waiting
       FROM desk_pieces p JOIN drafts d ON d.id = p.draft_id
      WHERE p.state = 'shared' ORDER BY p.shared_at`,
  );
  return {
    connection: joined
      ? {
          url: joined.url,
          user: joined.user_name,
          role: joined.role,
          joinedAt: iso(joined.joined_at)!,
          syncedAt: iso(joined.synced_at),
        }
      : null,
    tokenKept: (await deps.secrets.get(DESK_TOKEN_SECRET)) !== null,
    pieces: rows.map((r) => ({
      draftId: r.draft_id,
      document: r.document,
      headline: r.headline,
      sharedAt: iso(r.shared_at)!,
      syncedAt: iso(r.synced_at),
      waiting: r.waiting,
      changedSinceSeen: r.unseen === 1,
      present: present?.get(r.document) ?? [],
    })),
    keptLocal: await ctx.db.all<{ draftId: string; headline: string }>(
      "SELECT p.draft_id AS draftId, d.headline FROM desk_pieces p JOIN drafts d ON d.id = p.draft_id WHERE p.state = 'kept_local' ORDER BY d.headline",
    ),
    // The index's own waiting updates count too; a save not yet in its document counts as one.
    waiting: (await countWaiting(ctx.db, DESK_INDEX_DOCUMENT)) + rows.reduce((sum, r) => sum + r.waiting, 0),
    live: liveState(live),
  };
}

/** This person has the piece open (or just closed it): what arrived so far has been seen. */
export async function markSeen(ctx: StoreContext, draftId: string): Promise<void> {
  await ctx.db.run('UPDATE desk_pieces SET seen_at = ? WHERE draft_id = ?', [ctx.now(), draftId]);
}

function liveState(live: DeskClient | undefined): DeskStatus['live'] {
  if (!live) return { state: 'stopped' };
  if (live.refusal) return { state: 'refused', reason: live.refusal };
  return { state: live.online ? 'online' : 'offline' };
}
