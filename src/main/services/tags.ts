import type { ApiParsed, TagUsage } from '../../common/api';
import { tagKey } from '../../common/domain';
import { AppError } from '../../common/errors';
import type { Queryable } from '../db/sqlite';
import type { StoreContext } from './context';
import { loadDraftHead } from './draftRecords';
import { writeDraft } from './draftWrites';

/** The shared tag vocabulary, with how many live pieces use each tag. */
/**
 * Every tag with the number of live pieces carrying it. Counted as all uses
 * (read from the tag index alone) less the uses by trashed pieces (few):
 * joining every use to its draft to ask whether it is trashed read the
 * whole library, over a second at 100,000 drafts.
 */
export async function listTags(ctx: StoreContext): Promise<TagUsage[]> {
  const [tags, uses, trashed] = await Promise.all([
    ctx.db.all<{ id: number; name: string; description: string }>(
      'SELECT id, name, description FROM tags ORDER BY name COLLATE NOCASE',
    ),
    ctx.db.all<{ tag_id: number; n: number }>('SELECT tag_id, count(*) AS n FROM draft_tags GROUP BY tag_id'),
    ctx.db.all<{ tag_id: number; n: number }>(
      // CROSS JOIN: start from the few trashed drafts, not from every use of every tag.
      'SELECT dt.tag_id, count(*) AS n FROM drafts d CROSS JOIN draft_tags dt ON dt.draft_id = d.id WHERE d.trashed_at IS NOT NULL GROUP BY dt.tag_id',
    ),
  ]);
  const count = new Map(uses.map((u) => [u.tag_id, u.n]));
  for (const t of trashed) count.set(t.tag_id, (count.get(t.tag_id) ?? 0) - t.n);
  return tags.map((t) => ({ name: t.name, description: t.description, count: count.get(t.id) ?? 0 }));
}

/** Tags whose name starts with `prefix` (in any case), most used first. */
export async function suggestTags(ctx: StoreContext, prefix: string, limit: number): Promise<string[]> {
  const escaped = tagKey(prefix).replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await ctx.db.all<{ name: string }>(
    `SELECT t.name FROM tags t LEFT JOIN draft_tags dt ON dt.tag_id = t.id
     WHERE t.key LIKE ? ESCAPE '\\' GROUP BY t.id ORDER BY count(dt.draft_id) DESC, t.name COLLATE NOCASE LIMIT ?`,
    [`${escaped}%`, limit],
  );
  return rows.map((r) => r.name);
}

interface TagRow {
  id: number;
  name: string;
  description: string;
}

async function findTag(tx: Queryable, name: string): Promise<TagRow> {
  const row = await tx.get<TagRow>('SELECT id, name, description FROM tags WHERE key = ?', [tagKey(name)]);
  if (!row) throw new AppError('not_found', `There is no tag called “${name}”.`);
  return row;
}

/**
 * After the vocabulary changes, every piece that carried the tag gets its
 * tag list (and search index) rewritten and a new version, so a window that
 * still shows the old tags meets a conflict instead of writing them back.
 */
async function refreshPieces(tx: Queryable, draftIds: readonly string[], now: number): Promise<void> {
  for (const id of draftIds) {
    await tx.run(
      `UPDATE drafts SET tags_text = (SELECT json_group_array(name) FROM (
         SELECT t.name FROM draft_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.draft_id = ? ORDER BY dt.position)),
         version = version + 1, updated_at = ? WHERE id = ?`,
      [id, now, id],
    );
  }
}

async function piecesWith(tx: Queryable, tagId: number): Promise<string[]> {
  return (await tx.all<{ draft_id: string }>('SELECT draft_id FROM draft_tags WHERE tag_id = ?', [tagId])).map(
    (r) => r.draft_id,
  );
}

async function usage(tx: Queryable, tagId: number): Promise<TagUsage> {
  return (await tx.get<TagUsage>(
    `SELECT t.name, t.description, count(d.id) AS count FROM tags t
       LEFT JOIN draft_tags dt ON dt.tag_id = t.id
       LEFT JOIN drafts d ON d.id = dt.draft_id AND d.trashed_at IS NULL
     WHERE t.id = ? GROUP BY t.id`,
    [tagId],
  ))!;
}

/** Renames a tag on every piece at once; a name another tag already has is a merge, and is refused as a rename. */
export function renameTag(ctx: StoreContext, name: string, to: string): Promise<TagUsage> {
  return ctx.db.transaction(async (tx) => {
    const tag = await findTag(tx, name);
    const clash = await tx.get<TagRow>('SELECT id, name FROM tags WHERE key = ? AND id <> ?', [tagKey(to), tag.id]);
    if (clash)
      throw new AppError('invalid_input', `A tag called “${clash.name}” already exists; merge the two instead.`);
    await tx.run('UPDATE tags SET name = ?, key = ? WHERE id = ?', [to, tagKey(to), tag.id]);
    await refreshPieces(tx, await piecesWith(tx, tag.id), ctx.now());
    return usage(tx, tag.id);
  });
}

/** Moves every piece from one tag to another and removes the first. */
export function mergeTags(ctx: StoreContext, from: string, into: string): Promise<TagUsage> {
  return ctx.db.transaction(async (tx) => {
    const source = await findTag(tx, from);
    const target = await findTag(tx, into);
    if (source.id === target.id) throw new AppError('invalid_input', 'A tag cannot be merged into itself.');
    const affected = await piecesWith(tx, source.id);
    await tx.run(
      'DELETE FROM draft_tags WHERE tag_id = ? AND draft_id IN (SELECT draft_id FROM draft_tags WHERE tag_id = ?)',
      [source.id, target.id],
    );
    await tx.run('UPDATE draft_tags SET tag_id = ? WHERE tag_id = ?', [target.id, source.id]);
    if (!target.description && source.description)
      await tx.run('UPDATE tags SET description = ? WHERE id = ?', [source.description, target.id]);
    await tx.run('DELETE FROM tags WHERE id = ?', [source.id]);
    await refreshPieces(tx, affected, ctx.now());
    return usage(tx, target.id);
  });
}

export function deleteTag(ctx: StoreContext, name: string): Promise<{ name: string; affected: number }> {
  return ctx.db.transaction(async (tx) => {
    const tag = await findTag(tx, name);
    const affected = await piecesWith(tx, tag.id);
    await tx.run('DELETE FROM tags WHERE id = ?', [tag.id]);
    await refreshPieces(tx, affected, ctx.now());
    return { name: tag.name, affected: affected.length };
  });
}

export function describeTag(ctx: StoreContext, name: string, description: string): Promise<TagUsage> {
  return ctx.db.transaction(async (tx) => {
    const tag = await findTag(tx, name);
    await tx.run('UPDATE tags SET description = ? WHERE id = ?', [description.trim(), tag.id]);
    return usage(tx, tag.id);
  });
}

/** Adds and removes tags on several pieces in one action. */
export function bulkTag(ctx: StoreContext, input: ApiParsed<'drafts.bulkTag'>): Promise<{ changed: number }> {
  return ctx.db.transaction(async (tx) => {
    const removing = new Set(input.remove.map(tagKey));
    let changed = 0;
    for (const id of input.ids) {
      const draft = await loadDraftHead(tx, id);
      if (draft.trashedAt !== null) continue;
      const tags = [...draft.tags.filter((t) => !removing.has(tagKey(t))), ...input.add];
      if (await writeDraft(tx, ctx, draft, { tags })) changed++;
    }
    return { changed };
  });
}
