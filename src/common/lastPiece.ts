import { z } from 'zod';
import { DraftId } from './domain';

/**
 * Where the writer was when the app closed: the open piece, how far down
 * its page was scrolled, and the caret (or selection), so the next launch
 * opens it there. Kept as the `lastPiece` setting; null when no piece was
 * open. A caret in the body is a path of child indexes from the root, not
 * Lexical's node keys, which a new editor numbers afresh.
 */

export const LAST_PIECE_SETTING = 'lastPiece';

const Index = z.int().min(0).max(1_000_000);

const BodyPoint = z.object({
  /** Child indexes from the root to the point's node. */
  path: z.array(Index).min(1).max(64),
  offset: Index,
  type: z.enum(['text', 'element']),
});
export type BodyPoint = z.infer<typeof BodyPoint>;

export const Caret = z.discriminatedUnion('in', [
  z.object({ in: z.literal('body'), anchor: BodyPoint, focus: BodyPoint }),
  z.object({ in: z.enum(['headline', 'dek']), start: Index, end: Index }),
]);
export type Caret = z.infer<typeof Caret>;

export const LastPiece = z
  .object({
    draftId: DraftId,
    scrollTop: z.number().min(0).max(100_000_000),
    caret: Caret.nullable(),
  })
  .nullable();
export type LastPiece = z.infer<typeof LastPiece>;
