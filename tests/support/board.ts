import { EMPTY_ASSIGNMENT } from '../../src/common/desk/workflow';
import type { BoardPiece } from '../../src/common/desk/status';

let made = 0;

/** A card on the Team desk's board: a fresh draft nobody is assigned to, with `over` laid on it. */
export const boardPiece = (over: Partial<BoardPiece> = {}): BoardPiece => ({
  // A valid desk document name, different for every card a test file makes.
  document: `piece-00000000-0000-0000-0000-${String(++made).padStart(12, '0')}`,
  draftId: null,
  headline: 'Budget vote',
  status: 'draft',
  postUrl: null,
  updatedBy: null,
  updatedAt: null,
  ...EMPTY_ASSIGNMENT,
  ...over,
});
