import type { TagUsage } from '../../common/api';
import { tagKey } from '../../common/domain';
import type { StoreContext } from './context';

/** The shared tag vocabulary, with how many live pieces use each tag. */
export function listTags(ctx: StoreContext): Promise<TagUsage[]> {
  return ctx.db.all<TagUsage>(
    `SELECT t.name, count(d.id) AS count FROM tags t
       LEFT JOIN draft_tags dt ON dt.tag_id = t.id
       LEFT JOIN drafts d ON d.id = dt.draft_id AND d.trashed_at IS NULL
     GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
  );
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
