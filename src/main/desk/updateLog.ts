import * as Y from 'yjs';
import type { Queryable } from '../db/sqlite';

/**
 * Each desk document's Yjs updates, append-only in SQLite: what the piece
 * is when offline, and what is still to send. The server's acknowledged
 * updates are merged into one row once there are enough of them; local
 * updates it has not acknowledged stay one row each, so they can be
 * counted and are never merged away before they are sent.
 */

/** Acknowledged rows a document may gather before they are merged into one. */
export const COMPACT_AFTER_ROWS = 200;

export type UpdateOrigin = 'local' | 'remote';

/** Appends one update and returns its row's number. */
export async function appendUpdate(
  q: Queryable,
  document: string,
  update: Uint8Array,
  origin: UpdateOrigin,
): Promise<number> {
  // A remote update came from the server, so it is acknowledged as it arrives.
  const acked = origin === 'remote' ? 1 : 0;
  const result = await q.run('INSERT INTO desk_updates (document, data, origin, acked) VALUES (?, ?, ?, ?)', [
    document,
    update,
    origin,
    acked,
  ]);
  return result.lastID;
}

/** The document's whole state from its log, or null when it has none. */
export async function loadState(q: Queryable, document: string): Promise<Uint8Array | null> {
  const rows = await q.all<{ data: Buffer }>('SELECT data FROM desk_updates WHERE document = ? ORDER BY seq', [
    document,
  ]);
  if (rows.length === 0) return null;
  return Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data)));
}

/** Local updates of the document the server has not acknowledged yet. */
export async function countWaiting(q: Queryable, document: string): Promise<number> {
  const row = await q.get<{ n: number }>('SELECT count(*) AS n FROM desk_updates WHERE acked = 0 AND document = ?', [
    document,
  ]);
  return row?.n ?? 0;
}

/** The server holds every update of the document up to `seq`. */
export async function acknowledge(q: Queryable, document: string, seq: number): Promise<number> {
  const result = await q.run('UPDATE desk_updates SET acked = 1 WHERE document = ? AND acked = 0 AND seq <= ?', [
    document,
    seq,
  ]);
  return result.changes;
}

/** Merges the document's acknowledged rows into one when there are more than `after`; call inside a transaction. */
export async function compact(q: Queryable, document: string, after = COMPACT_AFTER_ROWS): Promise<boolean> {
  const rows = await q.all<{ seq: number; data: Buffer }>(
    'SELECT seq, data FROM desk_updates WHERE document = ? AND acked = 1 ORDER BY seq',
    [document],
  );
  if (rows.length <= after) return false;
  const merged = collected(rows.map((r) => new Uint8Array(r.data)));
  const last = rows[rows.length - 1]!.seq;
  await q.run('DELETE FROM desk_updates WHERE document = ? AND acked = 1 AND seq <= ?', [document, last]);
  // Yjs updates merge in any order, so the merged row may simply take the last merged row's number.
  await q.run("INSERT INTO desk_updates (seq, document, data, origin, acked) VALUES (?, ?, ?, 'merged', 1)", [
    last,
    document,
    merged,
  ]);
  return true;
}

/**
 * The updates as one, with deleted text dropped: `Y.mergeUpdates` keeps the
 * words of every deletion, so a piece typed over for a day would only grow.
 * Applied to a document that collects garbage (Yjs's default), deleted
 * content shrinks to its length; any update still missing what it builds
 * on stays pending and is encoded with the rest.
 */
function collected(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(updates));
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
