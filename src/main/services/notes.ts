import type { ApiParsed } from '../../common/api';
import type { ReviewNote } from '../../common/domain';
import { AppError } from '../../common/errors';
import type { Queryable } from '../db/sqlite';
import type { StoreContext } from './context';
import { loadDraft } from './draftRecords';
import { isoTime } from '../../common/isoTime';

/**
 * Review notes: a note is anchored to words in the text by a mark that
 * carries the note's id, so it follows those words through every edit. The
 * note itself lives here, never in the body, so it is never exported or
 * published with it.
 */

interface NoteRow {
  id: string;
  draft_id: string;
  parent_id: string | null;
  quote: string;
  body: string;
  author: string;
  created_at: number;
  resolved_at: number | null;
  resolved_by: string;
}

function toNotes(rows: NoteRow[]): ReviewNote[] {
  const notes = new Map<string, ReviewNote>();
  for (const row of rows.filter((r) => r.parent_id === null)) {
    notes.set(row.id, {
      id: row.id,
      draftId: row.draft_id,
      quote: row.quote,
      body: row.body,
      author: row.author,
      createdAt: isoTime(row.created_at),
      resolvedAt: isoTime(row.resolved_at),
      resolvedBy: row.resolved_by,
      replies: [],
    });
  }
  for (const row of rows.filter((r) => r.parent_id !== null)) {
    notes
      .get(row.parent_id!)
      ?.replies.push({ id: row.id, body: row.body, author: row.author, createdAt: isoTime(row.created_at) });
  }
  return [...notes.values()];
}

export async function notesOf(q: Queryable, draftId: string): Promise<ReviewNote[]> {
  return toNotes(
    await q.all<NoteRow>('SELECT * FROM review_notes WHERE draft_id = ? ORDER BY created_at, id', [draftId]),
  );
}

async function noteById(q: Queryable, id: string): Promise<ReviewNote> {
  const row = await q.get<NoteRow>('SELECT * FROM review_notes WHERE id = ?', [id]);
  if (!row) throw new AppError('not_found', 'That review note does not exist.');
  const rootId = row.parent_id ?? row.id;
  const note = (await notesOf(q, row.draft_id)).find((n) => n.id === rootId);
  if (!note) throw new AppError('not_found', 'That review note does not exist.');
  return note;
}

export function listNotes(ctx: StoreContext, draftId: string): Promise<ReviewNote[]> {
  return notesOf(ctx.db, draftId);
}

/** Open notes only: what the pre-publish check counts. */
export async function openNotes(q: Queryable, draftId: string): Promise<Array<{ id: string; quote: string }>> {
  return q.all(
    'SELECT id, quote FROM review_notes WHERE draft_id = ? AND parent_id IS NULL AND resolved_at IS NULL ORDER BY created_at',
    [draftId],
  );
}

export function addNote(ctx: StoreContext, input: ApiParsed<'notes.add'>): Promise<ReviewNote> {
  return ctx.db.transaction(async (tx) => {
    await loadDraft(tx, input.draftId);
    const exists = await tx.get('SELECT 1 FROM review_notes WHERE id = ?', [input.id]);
    if (exists) throw new AppError('invalid_input', 'A note with that id already exists.');
    await tx.run('INSERT INTO review_notes (id, draft_id, quote, body, author, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      input.id,
      input.draftId,
      input.quote,
      input.body,
      ctx.author(),
      ctx.now(),
    ]);
    return noteById(tx, input.id);
  });
}

export function replyToNote(ctx: StoreContext, input: ApiParsed<'notes.reply'>): Promise<ReviewNote> {
  return ctx.db.transaction(async (tx) => {
    const parent = await noteById(tx, input.parentId);
    await tx.run(
      'INSERT INTO review_notes (id, draft_id, parent_id, body, author, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [ctx.newId(), parent.draftId, parent.id, input.body, ctx.author(), ctx.now()],
    );
    return noteById(tx, parent.id);
  });
}

export function resolveNote(ctx: StoreContext, input: ApiParsed<'notes.resolve'>): Promise<ReviewNote> {
  return ctx.db.transaction(async (tx) => {
    const note = await noteById(tx, input.id);
    await tx.run('UPDATE review_notes SET resolved_at = ?, resolved_by = ? WHERE id = ?', [
      input.resolved ? ctx.now() : null,
      input.resolved ? ctx.author() : '',
      note.id,
    ]);
    return noteById(tx, note.id);
  });
}
