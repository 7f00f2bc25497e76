import type { DraftStatus } from '../common/domain';
import { LOCKED_FOR_WRITERS } from '../common/desk/workflow';
import type { DocumentStore } from './store';

/**
 * Which connections may not change a piece's document: a writer's, once the
 * piece is published or archived (it left the writer's hands). Decided per
 * connection from the piece's state in the store.
 */

/** Editors and admins may always edit; any other role (a writer) not once the piece is locked. */
export function lockedFor(role: string, status: DraftStatus): boolean {
  return role !== 'editor' && role !== 'admin' && LOCKED_FOR_WRITERS.includes(status);
}

export const isPieceDocument = (name: string): boolean => name.startsWith('piece-');

/**
 * Pieces' statuses, each read from the store at most once per `ttlMs`: a
 * writer's typing asks on every update, and another instance's decision
 * (PostgreSQL) reaches this one within that time and one read. Once a
 * status is known, an update never waits for the store: a stale one is
 * answered as known while it is read again for the next.
 */
export class PieceStatuses {
  private readonly cache = new Map<string, { status: Promise<DraftStatus>; at: number; known: boolean }>();

  constructor(
    private readonly store: DocumentStore,
    private readonly ttlMs = 1000,
  ) {}

  status(document: string): Promise<DraftStatus> {
    const now = Date.now();
    const cached = this.cache.get(document);
    if (cached && now - cached.at < this.ttlMs) return cached.status;
    const read = this.store.pieceState(document).then((s) => s?.status ?? 'draft');
    if (cached?.known) {
      cached.at = now;
      // A failed read keeps what was known; the next one after ttlMs tries again.
      read.then((status) => this.set(document, status)).catch(() => undefined);
      return cached.status;
    }
    const entry = { status: read, at: now, known: false };
    // A failed first read is not kept: the next message asks again.
    read.then(
      () => (entry.known = true),
      () => this.cache.delete(document),
    );
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(document, entry);
    return read;
  }

  /** This instance decided (or read the store): the next question is answered with it. */
  set(document: string, status: DraftStatus): void {
    this.cache.set(document, { status: Promise.resolve(status), at: Date.now(), known: true });
  }
}
