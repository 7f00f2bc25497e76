import type { z } from 'zod';
import type { SaveOutcome } from '../../common/api';
import type {
  Draft,
  DraftContent,
  DraftFieldsInput,
  DraftSnapshot,
  DraftStatus,
  PieceFields,
  Source,
} from '../../common/domain';
import { emptyPieceFields, LIMITS, PIECE_FIELDS, tagKey } from '../../common/domain';
import { AppError } from '../../common/errors';
import { isoTime } from '../../common/isoTime';
import { emptyDocument, plainText, wordCount, type LexicalDocument } from '../../common/lexical/document';
import { pick } from '../../common/pick';
import type { Queryable, Transaction } from '../db/sqlite';
import type { StoreContext } from './context';
import { describeBlocks, textOf, wordsOf, type PreparedEdit } from './bodyJournal';
import { readBodyJson } from './draftBody';
import { draftOf, loadDraft, loadDraftHead, sourcesText, type DraftHead } from './draftRecords';

/**
 * The only code that writes a draft's content. Callers hold a transaction;
 * these functions keep drafts, tags, sources and the search columns in step
 * inside it.
 */

/** Content changes as they arrive from a validated API call: a new source has no id yet. */
export type ContentChanges = Partial<z.output<typeof DraftFieldsInput>>;

export function contentOf(snapshot: DraftSnapshot): DraftContent {
  const { status: _ignored, ...content } = snapshot;
  void _ignored;
  return content;
}

function dedupeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tagKey(tag);
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

function completeSources(sources: NonNullable<ContentChanges['sources']>, newId: () => string): Source[] {
  const ids = new Set<string>();
  return sources.map((s, i) => {
    const id = s.id ?? `src-${newId().slice(0, 8)}`;
    if (ids.has(id)) {
      throw new AppError('invalid_input', `Two sources share the id "${id}"; each source needs its own.`, {
        [`sources.${i}.id`]: 'Duplicate id',
      });
    }
    ids.add(id);
    // The id first, as the stored sources have it: a save compares the two as JSON.
    const { id: _given, ...fields } = s;
    return { id, ...fields };
  });
}

/** `current` with the fields `changes` sets (undefined leaves a field as it is), and no other key it carries. */
function merge(current: PieceFields, changes: ContentChanges, newId: () => string): PieceFields {
  const { byline, tags, sources, ...plain } = pick(
    changes,
    PIECE_FIELDS.filter((key) => changes[key] !== undefined),
  );
  return {
    ...pick(current, PIECE_FIELDS),
    ...plain,
    ...(byline && { byline: byline.filter((a) => a.length > 0) }),
    ...(tags && { tags: dedupeTags(tags) }),
    ...(sources && { sources: completeSources(sources, newId) }),
  };
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => tagKey(t) === tagKey(b[i]!));
}

function serializeBody(body: LexicalDocument): string {
  return checkedBodyJson(JSON.stringify(body));
}

function checkedBodyJson<T extends string | Uint8Array>(json: T): T {
  const size = typeof json === 'string' ? json.length : json.byteLength;
  if (size > LIMITS.bodyBytes) {
    throw new AppError(
      'too_large',
      `The text is too long to save (${Math.round(size / 1e6)} MB; the limit is ${LIMITS.bodyBytes / 1024 / 1024} MB).`,
    );
  }
  return json;
}

/** Finds each tag in the shared vocabulary, adding the new ones; returns the vocabulary's spelling. */
async function resolveTags(
  tx: Queryable,
  tags: readonly string[],
  now: number,
): Promise<Array<{ id: number; name: string }>> {
  const resolved: Array<{ id: number; name: string }> = [];
  for (const name of tags) {
    const key = tagKey(name);
    await tx.run('INSERT INTO tags (name, key, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING', [
      name,
      key,
      now,
    ]);
    const row = await tx.get<{ id: number; name: string }>('SELECT id, name FROM tags WHERE key = ?', [key]);
    resolved.push(row!);
  }
  return resolved;
}

async function linkTags(tx: Queryable, draftId: string, tags: ReadonlyArray<{ id: number }>): Promise<void> {
  await tx.run('DELETE FROM draft_tags WHERE draft_id = ?', [draftId]);
  for (const [position, tag] of tags.entries()) {
    await tx.run('INSERT INTO draft_tags (draft_id, tag_id, position) VALUES (?, ?, ?)', [draftId, tag.id, position]);
  }
}

async function writeTags(tx: Queryable, draftId: string, tags: readonly string[], now: number): Promise<string[]> {
  const resolved = await resolveTags(tx, tags, now);
  await linkTags(tx, draftId, resolved);
  return resolved.map((t) => t.name);
}

async function writeSources(tx: Queryable, draftId: string, sources: readonly Source[]): Promise<void> {
  await tx.run('DELETE FROM sources WHERE draft_id = ?', [draftId]);
  for (const [position, s] of sources.entries()) {
    await tx.run(
      `INSERT INTO sources (draft_id, id, position, outlet, title, url, author, published, accessed, notes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [draftId, s.id, position, s.outlet, s.title, s.url, s.author, s.published, s.accessed, s.notes],
    );
  }
}

async function checkTopImage(tx: Queryable, topImage: string | null): Promise<void> {
  if (topImage === null) return;
  const found = await tx.get('SELECT 1 FROM images WHERE id = ?', [topImage]);
  if (!found)
    throw new AppError('invalid_input', 'The top image is not in the image library; import it first.', {
      topImage: 'Unknown image',
    });
}

/** What `changes` would make of `current`'s fields, and which of them they change. */
function compareFields(current: DraftHead, changes: ContentChanges, newId: () => string) {
  const next = merge(current, changes, newId);
  return {
    next,
    tagsChanged: !sameTags(current.tags, next.tags),
    sourcesChanged: JSON.stringify(current.sources) !== JSON.stringify(next.sources),
    fieldsChanged: PIECE_FIELDS.some(
      (key) => key !== 'tags' && key !== 'sources' && JSON.stringify(current[key]) !== JSON.stringify(next[key]),
    ),
  };
}

function editedDraft(current: DraftHead, body: LexicalDocument, wordCount: number, now: number): Draft {
  return { ...draftOf(current, body), wordCount, version: current.version + 1, updatedAt: isoTime(now) };
}

/**
 * The common autosave: only the body changed, the journal holds the piece's
 * current version, and no revision is due. It is one statement, so it needs
 * no transaction: the head is read and the body compared (at once), then the
 * edit is recorded. When the save is anything else, or lost a race to
 * another writer, it answers the comparison instead: the caller then saves
 * the whole way, which also answers a conflict.
 */
export async function autosaveEdit(
  q: Queryable,
  ctx: StoreContext,
  id: string,
  expectedVersion: number,
  changes: ContentChanges & { body: LexicalDocument },
  revisionDue: (current: DraftHead) => boolean,
): Promise<{ outcome: SaveOutcome } | { prepared: PreparedEdit | null }> {
  const reading = loadDraftHead(q, id).catch(() => null);
  const prepared = ctx.journal.prepareEdit(id, changes.body);
  const current = await reading;
  // The comparison goes with a save that takes the long way, so it is not made twice.
  const longWay = { prepared };
  if (
    !prepared ||
    !current ||
    current.trashedAt !== null ||
    current.version !== expectedVersion ||
    revisionDue(current)
  )
    return longWay;
  const { tagsChanged, sourcesChanged, fieldsChanged } = compareFields(current, changes, ctx.newId);
  if (tagsChanged || sourcesChanged || fieldsChanged) return longWay;
  const now = ctx.now();
  const edit = await ctx.journal.recordEdit(q, null, current, changes.body, now, prepared);
  if (edit === 'unchanged') return { outcome: { kind: 'unchanged', draft: draftOf(current, changes.body) } };
  if (edit === null || edit === 'stale') return longWay;
  return { outcome: { kind: 'saved', draft: editedDraft(current, changes.body, edit.wordCount, now) } };
}

/**
 * Applies `changes` to `current` and writes the result with the next
 * version. Returns null, writing nothing, when the content would not change.
 * A change to the body alone is recorded as an edit of the blocks that
 * changed when the journal holds the current version; otherwise the whole
 * body is written, settling any edits waiting.
 */
export async function writeDraft(
  tx: Transaction,
  ctx: StoreContext,
  current: DraftHead,
  changes: ContentChanges,
  prepared: PreparedEdit | null = null,
): Promise<Draft | null> {
  const { next, tagsChanged, sourcesChanged, fieldsChanged } = compareFields(current, changes, ctx.newId);
  const now = ctx.now();
  if (changes.body && !tagsChanged && !sourcesChanged && !fieldsChanged) {
    const edit = await ctx.journal.recordEdit(tx, tx, current, changes.body, now, prepared);
    if (edit === 'unchanged') return null;
    if (edit === 'stale')
      throw new AppError('internal', 'The draft changed while it was being saved; nothing was written.');
    if (edit) return editedDraft(current, changes.body, edit.wordCount, now);
  }

  const stored = await readBodyJson(tx, current.seq);
  const bodyJson = changes.body ? serializeBody(changes.body) : stored.json;
  const bodyChanged = bodyJson !== stored.json;
  if (!tagsChanged && !sourcesChanged && !bodyChanged && !fieldsChanged) return null;

  await checkTopImage(tx, next.topImage);
  const tagNames = tagsChanged ? await writeTags(tx, current.id, next.tags, now) : current.tags;
  if (sourcesChanged) await writeSources(tx, current.id, next.sources);
  const body = changes.body ?? (JSON.parse(stored.json) as LexicalDocument);
  // Edits waiting are settled by this write: the row gets the whole current body.
  const writesBody = bodyChanged || stored.edited;
  const described = writesBody ? describeBlocks(body.root.children) : null;
  const words = described && wordsOf(described);

  const result = await tx.run(
    `UPDATE drafts SET headline = ?, dek = ?, slug = ?, section = ?, byline = ?, top_image = ?, date_published = ?, date_modified = ?,
       body = coalesce(?, body), body_text = coalesce(?, body_text), word_count = coalesce(?, word_count),
       tags_text = ?, sources_text = ?, version = version + 1, updated_at = ?
     WHERE id = ? AND version = ?`,
    [
      next.headline,
      next.dek,
      next.slug,
      next.section,
      JSON.stringify(next.byline),
      next.topImage,
      next.datePublished,
      next.dateModified,
      writesBody ? bodyJson : null,
      described && textOf(described),
      words,
      JSON.stringify(tagNames),
      sourcesText(next.sources),
      now,
      current.id,
      current.version,
    ],
  );
  if (result.changes !== 1)
    throw new AppError('internal', 'The draft changed while it was being saved; nothing was written.');
  if (stored.edited) await tx.run('DELETE FROM draft_edits WHERE draft_seq = ?', [current.seq]);
  if (described) ctx.journal.rememberWritten(tx, current, current.version + 1, body, described);
  else ctx.journal.bodyKept(tx, current.id, current.version, current.version + 1);
  // The saved draft is what was just written: no need to read and parse it back.
  return {
    ...draftOf(current, body),
    ...next,
    tags: tagNames,
    wordCount: words ?? current.wordCount,
    version: current.version + 1,
    updatedAt: isoTime(now),
  };
}

export interface NewDraft extends Partial<ContentChanges> {
  status?: DraftStatus;
}

/** A body serialized off the main thread (an import's worker): UTF-8 bytes, bound as they are. */
export interface PreparedBody {
  json: Uint8Array<ArrayBuffer>;
  text: Uint8Array<ArrayBuffer>;
  words: number;
}

function plainTextAndWords(body: LexicalDocument): { text: string; words: number } {
  return { text: plainText(body), words: wordCount(body.root.children) };
}

export async function insertDraft(tx: Queryable, ctx: StoreContext, input: NewDraft): Promise<Draft> {
  return loadDraft(tx, await insertDraftRow(tx, ctx, input));
}

/** Writes a new draft and returns its id; a prepared body is stored as it is, never parsed here. */
export async function insertDraftRow(
  tx: Queryable,
  ctx: StoreContext,
  input: NewDraft,
  prepared?: PreparedBody,
): Promise<string> {
  const id = ctx.newId();
  const now = ctx.now();
  const content = merge(emptyPieceFields(), input, ctx.newId);
  const body = input.body ?? emptyDocument();
  const stored = prepared
    ? { ...prepared, json: checkedBodyJson(prepared.json) }
    : { json: serializeBody(body), ...plainTextAndWords(body) };
  await checkTopImage(tx, content.topImage);
  // Tags are resolved first so the row goes into the search index once, complete.
  const tags = await resolveTags(tx, content.tags, now);
  await tx.run(
    `INSERT INTO drafts (id, headline, dek, slug, section, byline, status, body, body_text, word_count, top_image,
       date_published, date_modified, version, created_at, updated_at, status_changed_at, tags_text, sources_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    [
      id,
      content.headline,
      content.dek,
      content.slug,
      content.section,
      JSON.stringify(content.byline),
      input.status ?? 'draft',
      // A prepared body's bytes are cast to text by SQLite: converting a long string here would hold up the main thread.
      stored.json,
      stored.text,
      stored.words,
      content.topImage,
      content.datePublished,
      content.dateModified,
      now,
      now,
      now,
      JSON.stringify(tags.map((t) => t.name)),
      sourcesText(content.sources),
    ],
  );
  if (tags.length > 0) await linkTags(tx, id, tags);
  if (content.sources.length > 0) await writeSources(tx, id, content.sources);
  return id;
}
