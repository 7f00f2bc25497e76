import { z } from 'zod';
import { DraftId } from './domain';

/**
 * Where the writer was when the app closed: the open piece, how far down
 * its page was scrolled, and the caret (or selection), so the next launch
 * opens it there. Kept as the `lastPiece` setting; null when no piece was
 * open. A caret in the body is a path of child indexes from the root, not
 * Lexical's node keys, which a new editor numbers afresh. The scroll is kept
 * as the block at the page's top edge too: blocks off screen are laid out at
 * a guessed height until seen, so a bare scrollTop lands elsewhere in a page
 * laid out afresh.
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

/**
 * The body's top-level block at the page's top edge, and how many pixels of
 * it are above that edge (less than 0: the block starts below it).
 */
export const PageTop = z.object({
  block: Index,
  offset: z.number().min(-100_000).max(100_000),
});
export type PageTop = z.infer<typeof PageTop>;

export const LastPiece = z
  .object({
    draftId: DraftId,
    scrollTop: z.number().min(0).max(100_000_000),
    /** Absent in a place kept before it existed, or in a body with no block: the scrollTop alone is used. */
    top: PageTop.optional(),
    caret: Caret.nullable(),
  })
  .nullable();
export type LastPiece = z.infer<typeof LastPiece>;
