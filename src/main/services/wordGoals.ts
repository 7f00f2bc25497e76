import { AppError } from '../../common/errors';
import type { PieceWordGoal } from '../../common/wordGoal';
import type { Queryable } from '../db/sqlite';
import type { StoreContext } from './context';

/**
 * Each piece's word-count goal (src/common/wordGoal.ts), in `draft_goals`
 * (migration 12): beside the piece, so setting one is not an edit of it.
 */

async function mustBeLive(q: Queryable, id: string): Promise<void> {
  const row = await q.get<{ trashed: number }>('SELECT trashed_at IS NOT NULL AS trashed FROM drafts WHERE id = ?', [
    id,
  ]);
  if (!row) throw new AppError('not_found', 'That draft does not exist (it may have been deleted permanently).');
  if (row.trashed) throw new AppError('trashed', 'This draft is in the trash. Restore it before setting its goal.');
}

export async function getWordGoal(ctx: StoreContext, id: string): Promise<PieceWordGoal> {
  await mustBeLive(ctx.db, id);
  const row = await ctx.db.get<{ words: number }>('SELECT words FROM draft_goals WHERE draft_id = ?', [id]);
  return { id, words: row?.words ?? null };
}

/** `words: null` removes the goal. The number was checked by the API's schema (`WordGoal`). */
export function setWordGoal(ctx: StoreContext, { id, words }: PieceWordGoal): Promise<PieceWordGoal> {
  return ctx.db.transaction(async (tx) => {
    await mustBeLive(tx, id);
    if (words === null) await tx.run('DELETE FROM draft_goals WHERE draft_id = ?', [id]);
    else
      await tx.run(
        'INSERT INTO draft_goals (draft_id, words) VALUES (?, ?) ON CONFLICT(draft_id) DO UPDATE SET words = excluded.words',
        [id, words],
      );
    return { id, words };
  });
}
