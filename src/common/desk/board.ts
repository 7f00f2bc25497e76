import { DRAFT_STATUSES, type DraftStatus } from '../domain';
import type { BoardColumns, BoardPiece } from './status';

/**
 * The Team desk's columns and filters, pure: main draws a view of the board
 * it keeps with them (only what the window shows crosses to it), and the
 * window judges a card's overdue mark by the same rule.
 */

/** The board's columns, in the order a piece travels. */
export const BOARD_COLUMNS: readonly DraftStatus[] = DRAFT_STATUSES;

/** Cards drawn per column at first, and added by each "Show more": a newsroom's 5,000 pieces never reach the window at once. */
export const BOARD_PAGE = 40;

export interface BoardFilter {
  mine: boolean;
  mySection: boolean;
  dueToday: boolean;
}

export const NO_FILTER: BoardFilter = { mine: false, mySection: false, dueToday: false };

/** What the window asks to see: the filters chosen, and how many cards of each column (BOARD_PAGE when absent). */
export interface BoardQuery {
  filter: BoardFilter;
  shown: Partial<Record<DraftStatus, number>>;
}

function sameName(a: string | null, b: string): boolean {
  return a !== null && b !== '' && a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

export function isMine(piece: BoardPiece, user: string): boolean {
  return sameName(piece.assignee, user) || sameName(piece.editor, user);
}

/** A deadline passed while the piece is still being worked on (a published or archived piece is never late). */
export function isOverdue(piece: BoardPiece, now: Date): boolean {
  if (!piece.deadline || piece.status === 'published' || piece.status === 'archived') return false;
  return Date.parse(piece.deadline) < now.getTime();
}

/** The deadline falls on today's date, in this computer's time zone. */
export function isDueToday(piece: BoardPiece, now: Date): boolean {
  return piece.deadline !== null && new Date(piece.deadline).toDateString() === now.toDateString();
}

/**
 * "My section": the server keeps no section per person, so a person's
 * sections are the slots of the pieces they write or edit.
 */
export function sectionsOf(pieces: readonly BoardPiece[], user: string): Set<string> {
  const sections = new Set<string>();
  for (const piece of pieces) {
    if (piece.slotSection && isMine(piece, user)) sections.add(piece.slotSection.toLocaleLowerCase());
  }
  return sections;
}

/** The pieces every chosen filter keeps. */
export function filterPieces(
  pieces: readonly BoardPiece[],
  filter: BoardFilter,
  user: string,
  now: Date,
): BoardPiece[] {
  const sections = filter.mySection ? sectionsOf(pieces, user) : null;
  return pieces.filter(
    (piece) =>
      (!filter.mine || isMine(piece, user)) &&
      (!sections || (piece.slotSection !== null && sections.has(piece.slotSection.toLocaleLowerCase()))) &&
      (!filter.dueToday || isDueToday(piece, now)),
  );
}

/** Each status's pieces, the nearest deadline first (none last), then by headline. */
export function groupByStatus(pieces: readonly BoardPiece[]): Record<DraftStatus, BoardPiece[]> {
  // Each deadline is read once, not at every comparison: the board sorts a newsroom's thousands on each change.
  const keyed = Object.fromEntries(BOARD_COLUMNS.map((s) => [s, [] as Array<[number, BoardPiece]>])) as Record<
    DraftStatus,
    Array<[number, BoardPiece]>
  >;
  for (const piece of pieces) {
    keyed[piece.status].push([piece.deadline ? Date.parse(piece.deadline) : Number.POSITIVE_INFINITY, piece]);
  }
  const byDue = (a: [number, BoardPiece], b: [number, BoardPiece]): number =>
    (a[0] === b[0] ? 0 : a[0] - b[0]) || a[1].headline.localeCompare(b[1].headline);
  return Object.fromEntries(BOARD_COLUMNS.map((s) => [s, keyed[s].sort(byDue).map(([, piece]) => piece)])) as Record<
    DraftStatus,
    BoardPiece[]
  >;
}

/** The columns as the window draws them: each one's count after the filters, and its first cards. */
export function boardColumns(pieces: readonly BoardPiece[], query: BoardQuery, user: string, now: Date): BoardColumns {
  const grouped = groupByStatus(filterPieces(pieces, query.filter, user, now));
  return Object.fromEntries(
    BOARD_COLUMNS.map((s) => [
      s,
      { total: grouped[s].length, pieces: grouped[s].slice(0, query.shown[s] ?? BOARD_PAGE) },
    ]),
  ) as BoardColumns;
}

/** Everyone the board names as a writer or an editor, and the person: whom an assignment may name. */
export function peopleOf(pieces: readonly BoardPiece[], user: string): string[] {
  const names = new Set<string>(user ? [user] : []);
  for (const p of pieces) {
    if (p.assignee) names.add(p.assignee);
    if (p.editor) names.add(p.editor);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
