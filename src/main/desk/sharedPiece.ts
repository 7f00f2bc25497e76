import { applyPieceToDoc, pieceFromDoc } from '../../common/collab/pieceDoc';
import type { Transaction } from '../db/sqlite';
import type { StoreContext } from '../services/context';
import { loadDraft, loadDraftHead, snapshotOf } from '../services/draftRecords';
import { contentOf, insertDraft, writeDraft, type ContentChanges } from '../services/draftWrites';
import type { DeskDocument } from './deskDocument';

/**
 * A shared piece: its document and its draft row kept in step. A local save
 * goes into the document as the smallest change; what arrives from the desk
 * is read back out of the document into the draft through the ordinary write
 * path, so the library, search, export, publish, history and the command
 * line see it as any other save.
 */

/** The origin of a local save's change to a piece's document. */
export const LOCAL_SAVE = 'copydesk-local-save';

interface PieceRow {
  draft_id: string;
  synced_version: number;
}

/** What moved for one piece while it was open. */
export interface PieceMoves {
  document: string;
  draftId: string | null;
  /** Local saves carried into the document. */
  savesSent: number;
  /** Updates received from the desk. */
  updatesReceived: number;
  /** The piece came from the desk and is now a local draft. */
  created: boolean;
}

export class SharedPiece {
  savesSent = 0;
  created = false;

  constructor(
    private readonly ctx: StoreContext,
    readonly document: DeskDocument,
  ) {}

  /** Carries the draft's latest save into the document, if the document does not have it yet. */
  pushSaved(): Promise<boolean> {
    return this.document.step((tx) => this.reconcile(tx));
  }

  moves(): PieceMoves {
    return { document: this.document.name, draftId: null, savesSent: this.savesSent, updatesReceived: this.document.received, created: this.created };
  }

  async draftId(): Promise<string | null> {
    return (await this.row(this.ctx.db))?.draft_id ?? null;
  }

  private row(q: Pick<Transaction, 'get'>): Promise<PieceRow | undefined> {
    return q.get<PieceRow>('SELECT draft_id, synced_version FROM desk_pieces WHERE document = ?', [this.document.name]);
  }

  private async reconcile(tx: Transaction): Promise<boolean> {
    const row = await this.row(tx);
    if (!row) return false;
    const draft = await loadDraft(tx, row.draft_id);
    if (draft.version === row.synced_version) return false;
    applyPieceToDoc(this.document.doc, contentOf(snapshotOf(draft)), LOCAL_SAVE);
    await tx.run('UPDATE desk_pieces SET synced_version = ? WHERE document = ?', [draft.version, this.document.name]);
    this.savesSent += 1;
    return true;
  }

  /** Updates arrived from the desk: local saves go into the document first, then the document comes out into the draft. */
  async afterRemote(tx: Transaction): Promise<void> {
    await this.reconcile(tx);
    const changes = await this.fromDocument(tx);
    const row = await this.row(tx);
    const now = this.ctx.now();
    if (!row) {
      const draft = await insertDraft(tx, this.ctx, changes);
      await tx.run('INSERT INTO desk_pieces (document, draft_id, shared_at, synced_at, synced_version) VALUES (?, ?, ?, ?, ?)', [
        this.document.name,
        draft.id,
        now,
        now,
        draft.version,
      ]);
      this.created = true;
      return;
    }
    const saved = await writeDraft(tx, this.ctx, await loadDraftHead(tx, row.draft_id), changes);
    await tx.run('UPDATE desk_pieces SET synced_version = coalesce(?, synced_version), synced_at = ? WHERE document = ?', [saved?.version ?? null, now, this.document.name]);
  }

  /** The document's piece as draft changes; a top image this machine does not hold yet is left out rather than refused. */
  private async fromDocument(tx: Transaction): Promise<ContentChanges> {
    const piece = pieceFromDoc(this.document.doc);
    const changes: ContentChanges = {
      headline: piece.headline,
      dek: piece.dek,
      slug: piece.slug,
      section: piece.section,
      byline: piece.byline,
      tags: piece.tags,
      sources: piece.sources,
      topImage: piece.topImage,
      datePublished: piece.datePublished,
      dateModified: piece.dateModified,
      body: piece.body,
    };
    if (changes.topImage && !(await tx.get('SELECT 1 FROM images WHERE id = ?', [changes.topImage]))) delete changes.topImage;
    return changes;
  }
}
