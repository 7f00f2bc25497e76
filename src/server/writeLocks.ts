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
 * (PostgreSQL) reaches this one within that time.
 */
export class PieceStatuses {
  private readonly cache = new Map<string, { status: Promise<DraftStatus>; at: number }>();

  constructor(
    private readonly store: DocumentStore,
    private readonly ttlMs = 1000,
  ) {}

  status(document: string): Promise<DraftStatus> {
    const now = Date.now();
    const cached = this.cache.get(document);
    if (cached && now - cached.at < this.ttlMs) return cached.status;
    const status = this.store.pieceState(document).then((s) => s?.status ?? 'draft');
    // A failed read is not kept: the next message asks again.
    status.catch(() => this.cache.delete(document));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(document, { status, at: now });
    return status;
  }

  /** This instance decided: the next question reads the store. */
  set(document: string, status: DraftStatus): void {
    this.cache.set(document, { status: Promise.resolve(status), at: Date.now() });
  }
}
