import {
  applyPieceToDoc,
  pieceFromDoc,
  type ImageWords,
  type SharedPiece as PieceSnapshot,
} from '../../common/collab/pieceDoc';
import * as Y from 'yjs';
import { readBody } from '../../common/collab/bodyBinding';
import type { Draft } from '../../common/domain';
import type { PieceMoves } from '../../common/desk/status';
import type { Transaction } from '../db/sqlite';
import { imageIdsOf } from '../../common/nodes/figure/figureJson';
import type { StoreContext } from '../services/context';
import { loadDraft, loadDraftHead } from '../services/draftRecords';
import { insertDraft, writeDraft, type ContentChanges } from '../services/draftWrites';
import { applyMeta } from '../services/images';
import { notesOf } from '../services/notes';
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
  synced_state: Buffer | null;
}

export class SharedPiece {
  savesSent = 0;
  created = false;
  /**
   * The window has bound this piece live (windowLink.ts) in this session: its
   * body edits reach the document through the binding, so a save carries its
   * fields alone. Carrying the body too would insert the same words twice, or
   * undo a colleague's words still on their way to the window.
   */
  bodyFromWindow = false;
  /** The next save is a revision restored, which replaces the body the document holds now. */
  private restoring = false;

  constructor(
    private readonly ctx: StoreContext,
    readonly document: DeskDocument,
  ) {}

  /** Carries the draft's latest save into the document, if the document does not have it yet. */
  pushSaved(): Promise<boolean> {
    return this.document
      .step((tx) => this.reconcile(tx))
      .catch((err: unknown) => {
        this.forgetBase();
        throw err;
      });
  }

  async moves(): Promise<PieceMoves> {
    return {
      document: this.document.name,
      draftId: await this.draftId(),
      savesSent: this.savesSent,
      updatesReceived: this.document.received,
      created: this.created,
    };
  }

  async draftId(): Promise<string | null> {
    return (await this.row(this.ctx.db))?.draft_id ?? null;
  }

  private row(q: Pick<Transaction, 'get'>): Promise<PieceRow | undefined> {
    return q.get<PieceRow>('SELECT draft_id, synced_version, synced_state FROM desk_pieces WHERE document = ?', [
      this.document.name,
    ]);
  }

  /**
   * A save made since the draft and the document last met goes in as the
   * change from what the draft was then (synced_state) to what it is now,
   * so edits that reached the document meanwhile are kept, not undone.
   */
  private async reconcile(tx: Transaction): Promise<boolean> {
    const row = await this.row(tx);
    if (!row) return false;
    const draft = await loadDraft(tx, row.draft_id);
    if (draft.version === row.synced_version) return false;
    const base = this.baseFrom(row);
    const snapshot = await snapshotOf(tx, draft);
    // A top image this machine does not hold was left off the draft, not removed by the writer: keep the desk's.
    if (snapshot.topImage === null) {
      const theirs = pieceFromDoc(base).topImage;
      if (theirs && !(await tx.get('SELECT 1 FROM images WHERE id = ?', [theirs]))) snapshot.topImage = theirs;
    }
    const restoring = this.restoring;
    this.restoring = false;
    if (this.bodyFromWindow && restoring) {
      // The restored piece replaces what the document holds, the live window's edits included: that is the restore.
      applyPieceToDoc(this.document.doc, snapshot, LOCAL_SAVE);
    } else {
      if (this.bodyFromWindow) snapshot.body = readBody(base);
      const before = Y.encodeStateVector(base);
      applyPieceToDoc(base, snapshot, LOCAL_SAVE);
      Y.applyUpdate(this.document.doc, Y.encodeStateAsUpdate(base, before), LOCAL_SAVE);
    }
    await this.markSynced(tx, draft.version);
    this.savesSent += 1;
    return true;
  }

  /**
   * The document as the draft last met it, kept between saves: its headless
   * editor is built once, and every save of this session is one Yjs client.
   */
  private base: Y.Doc | null = null;

  private baseFrom(row: PieceRow): Y.Doc {
    if (!this.base) {
      this.base = new Y.Doc();
      if (row.synced_state) Y.applyUpdate(this.base, new Uint8Array(row.synced_state));
    }
    return this.base;
  }

  /** The draft at `version` and the document as it is now have met. */
  private async markSynced(tx: Transaction, version: number | null): Promise<void> {
    const doc = this.document.doc;
    await tx.run(
      'UPDATE desk_pieces SET synced_version = coalesce(?, synced_version), synced_state = ? WHERE document = ?',
      [version, Y.encodeStateAsUpdate(doc), this.document.name],
    );
    if (this.base) Y.applyUpdate(this.base, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(this.base)));
  }

  /** The save about to be carried in restored an earlier revision (SaveNotices). */
  restoredSave(): void {
    this.restoring = true;
  }

  /** A step that failed was rolled back: the next save starts again from the stored base. */
  forgetBase(): void {
    this.base?.destroy();
    this.base = null;
  }

  /** Reads the document into the draft again: a top image it left out has its bytes now (deskImages.ts). */
  rereadDocument(): Promise<void> {
    return this.document
      .step(async (tx) => {
        if (await this.row(tx)) await this.afterRemote(tx);
      })
      .catch((err: unknown) => {
        this.forgetBase();
        throw err;
      });
  }

  /** Updates arrived from the desk: a local save not yet in the document goes in first, then the document comes out into the draft. */
  async afterRemote(tx: Transaction): Promise<void> {
    // A piece taken off the desk is this machine's own now: late edits to it are not written in.
    if (
      (await tx.get("SELECT 1 FROM desk_pieces WHERE document = ? AND state = 'kept_local'", [this.document.name])) !==
      undefined
    )
      return;
    await this.reconcile(tx);
    const piece = pieceFromDoc(this.document.doc);
    const changes = await changesOf(tx, piece);
    const row = await this.row(tx);
    const now = this.ctx.now();
    if (!row) {
      const draft = await insertDraft(tx, this.ctx, changes);
      await tx.run(
        'INSERT INTO desk_pieces (document, draft_id, shared_at, synced_at, arrived_at, synced_version, synced_state) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [this.document.name, draft.id, now, now, now, draft.version, Y.encodeStateAsUpdate(this.document.doc)],
      );
      await writeWordsAndNotes(tx, draft.id, piece);
      this.created = true;
      return;
    }
    const saved = await writeDraft(tx, this.ctx, await loadDraftHead(tx, row.draft_id), changes);
    await writeWordsAndNotes(tx, row.draft_id, piece);
    await this.markSynced(tx, saved?.version ?? null);
    await tx.run(
      'UPDATE desk_pieces SET synced_at = ?, arrived_at = CASE WHEN ? THEN ? ELSE arrived_at END WHERE document = ?',
      [now, saved ? 1 : 0, now, this.document.name],
    );
  }
}

/** What a draft shares: its content, the words of the images it uses, its review notes. */
async function snapshotOf(tx: Transaction, draft: Draft): Promise<PieceSnapshot> {
  const images: Record<string, ImageWords> = {};
  for (const id of imageIdsOf(draft.body, draft.topImage)) {
    const row = await tx.get<ImageWords>('SELECT alt, caption, credit, license FROM images WHERE id = ?', [id]);
    if (row) images[id] = row;
  }
  const notes = (await notesOf(tx, draft.id)).map(({ draftId: _draft, ...note }) => note);
  return { ...draftFieldsOf(draft), images, notes };
}

/** The draft's own fields a shared piece carries, named once for both directions. */
type DraftFields = Omit<PieceSnapshot, 'images' | 'notes'>;

function draftFieldsOf(from: DraftFields): DraftFields {
  const { headline, dek, body, byline, section, slug, tags, topImage, sources, datePublished, dateModified } = from;
  return { headline, dek, body, byline, section, slug, tags, topImage, sources, datePublished, dateModified };
}

/** The document's piece as draft changes; a top image this machine does not hold yet is left out rather than refused. */
async function changesOf(tx: Transaction, piece: PieceSnapshot): Promise<ContentChanges> {
  const changes: ContentChanges = draftFieldsOf(piece);
  const { topImage } = piece;
  if (topImage && !(await tx.get('SELECT 1 FROM images WHERE id = ?', [topImage]))) delete changes.topImage;
  return changes;
}

/** Image words for the images held here, and the review notes with their replies, as the document has them. */
async function writeWordsAndNotes(tx: Transaction, draftId: string, piece: PieceSnapshot): Promise<void> {
  for (const [id, words] of Object.entries(piece.images)) await applyMeta(tx, id, words);
  const ms = (iso: string): number => Date.parse(iso);
  const upsert = `INSERT INTO review_notes (id, draft_id, parent_id, quote, body, author, created_at, resolved_at, resolved_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET body = excluded.body, resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by`;
  const kept: string[] = [];
  for (const note of piece.notes) {
    const resolvedAt = note.resolvedAt === null ? null : ms(note.resolvedAt);
    await tx.run(upsert, [
      note.id,
      draftId,
      null,
      note.quote,
      note.body,
      note.author,
      ms(note.createdAt),
      resolvedAt,
      note.resolvedBy,
    ]);
    kept.push(note.id);
    for (const reply of note.replies) {
      await tx.run(upsert, [reply.id, draftId, note.id, '', reply.body, reply.author, ms(reply.createdAt), null, '']);
      kept.push(reply.id);
    }
  }
  // A note deleted on another machine goes here too.
  await tx.run(`DELETE FROM review_notes WHERE draft_id = ? AND id NOT IN (SELECT value FROM json_each(?))`, [
    draftId,
    JSON.stringify(kept),
  ]);
}
