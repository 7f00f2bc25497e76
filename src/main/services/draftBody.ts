import { AppError } from '../../common/errors';
import { plainText, wordCount, type LexicalDocument } from '../../common/lexical/document';
import type { Queryable } from '../db/sqlite';
import { applySteps, parseEdit } from './blockEdits';

/**
 * A piece's body as the database holds it: `drafts.body` as of the last
 * time the piece was settled, then the journal of block edits made since
 * (`draft_edits`, in version order). Every read of a body comes through
 * here, so no caller sees the difference.
 */

interface EditRow {
  version: number;
  edit: string;
}

function editsOf(q: Queryable, seq: number): Promise<EditRow[]> {
  return q.all<EditRow>('SELECT version, edit FROM draft_edits WHERE draft_seq = ? ORDER BY version', [seq]);
}

async function baseOf(q: Queryable, seq: number): Promise<string> {
  const row = await q.get<{ body: string }>('SELECT body FROM drafts WHERE seq = ?', [seq]);
  if (!row) throw new AppError('not_found', 'That draft does not exist (it may have been deleted permanently).');
  return row.body;
}

function applyEdits(base: LexicalDocument, edits: readonly EditRow[]): LexicalDocument {
  let doc = base;
  for (const { version, edit } of edits) {
    try {
      const { head, steps } = parseEdit(edit);
      doc = { ...head, root: { ...head.root, children: applySteps(doc.root.children, steps) } };
    } catch (err) {
      throw new AppError(
        'database_corrupt',
        `The edits saved to this piece as version ${version} cannot be read back (${err instanceof Error ? err.message : String(err)}). ` +
          'Restore the newest backup, or an earlier revision of the piece.',
      );
    }
  }
  return doc;
}

/** The current body. */
export async function readBody(q: Queryable, seq: number): Promise<LexicalDocument> {
  const base = await baseOf(q, seq);
  const edits = await editsOf(q, seq);
  return applyEdits(JSON.parse(base) as LexicalDocument, edits);
}

/** The current body as JSON, and whether edits were waiting to be settled into it. */
export async function readBodyJson(q: Queryable, seq: number): Promise<{ json: string; edited: boolean }> {
  const base = await baseOf(q, seq);
  const edits = await editsOf(q, seq);
  if (edits.length === 0) return { json: base, edited: false };
  return { json: JSON.stringify(applyEdits(JSON.parse(base) as LexicalDocument, edits)), edited: true };
}

/** A body already in memory, with the text and word count it derives, at the version it belongs to. */
export interface KnownBody {
  version: number;
  json: () => string;
  text: () => string;
  words: number;
}

/**
 * Writes the current body, its plain text and word count into the draft's
 * row (the search triggers re-index it) and empties its journal. `known`
 * saves re-reading a body the caller holds, when it is the current version.
 * Returns whether there was anything to settle.
 */
export async function settleBody(tx: Queryable, seq: number, known?: KnownBody): Promise<boolean> {
  const waiting = await tx.get<{ n: number; version: number }>(
    'SELECT count(*) AS n, (SELECT version FROM drafts WHERE seq = ?) AS version FROM draft_edits WHERE draft_seq = ?',
    [seq, seq],
  );
  if (!waiting || waiting.n === 0) return false;
  let json: string;
  let text: string;
  let words: number;
  if (known && known.version === waiting.version) {
    json = known.json();
    text = known.text();
    words = known.words;
  } else {
    const doc = await readBody(tx, seq);
    json = JSON.stringify(doc);
    text = plainText(doc);
    words = wordCount(doc.root.children);
  }
  await tx.run('UPDATE drafts SET body = ?, body_text = ?, word_count = ? WHERE seq = ?', [json, text, words, seq]);
  await tx.run('DELETE FROM draft_edits WHERE draft_seq = ?', [seq]);
  return true;
}

/** Every piece with edits waiting, as a crash or another process may have left them. */
export async function editedPieces(q: Queryable): Promise<number[]> {
  return (await q.all<{ draft_seq: number }>('SELECT DISTINCT draft_seq FROM draft_edits')).map((r) => r.draft_seq);
}
