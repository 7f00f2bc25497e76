import { describe, expect, it } from 'vitest';
import {
  BOARD_PAGE,
  boardColumns,
  filterPieces,
  groupByStatus,
  isOverdue,
  NO_FILTER,
  peopleOf,
} from '../../src/common/desk/board';
import { DRAFT_STATUSES, type DraftStatus } from '../../src/common/domain';
import type { BoardPiece } from '../../src/common/desk/status';
import { boardPiece } from '../support/board';

/**
 * The Team desk's columns and filters (src/common/desk/board.ts), which main
 * draws its view of the kept board with: what each filter keeps, the order
 * of a column, and the first cards of each column with the column's count.
 */

describe('the board’s filters and columns', () => {
  const now = new Date(2025, 5, 10, 12, 0);
  const at = (day: number, hour: number): string => new Date(2025, 5, day, hour, 0).toISOString();
  const pieces = [
    boardPiece({ headline: 'Mine, politics', assignee: 'Wendy', slotSection: 'Politics', deadline: at(10, 18) }),
    boardPiece({ headline: 'Edited by me', editor: 'wendy', slotSection: 'Sport', deadline: at(9, 9) }),
    boardPiece({ headline: 'Politics, not mine', assignee: 'Ana', slotSection: 'politics', deadline: at(11, 9) }),
    boardPiece({
      headline: 'Culture',
      assignee: 'Ana',
      slotSection: 'Culture',
      status: 'published',
      deadline: at(1, 9),
    }),
  ];
  const headlines = (list: BoardPiece[]): string[] => list.map((p) => p.headline);

  it('"Mine" keeps what I write or edit, whatever the name’s case', () => {
    expect(headlines(filterPieces(pieces, { ...NO_FILTER, mine: true }, 'Wendy', now))).toEqual([
      'Mine, politics',
      'Edited by me',
    ]);
  });

  it('"My section" keeps the sections of my pieces, "Due today" today’s deadlines; filters combine', () => {
    expect(headlines(filterPieces(pieces, { ...NO_FILTER, mySection: true }, 'Wendy', now))).toEqual([
      'Mine, politics',
      'Edited by me',
      'Politics, not mine',
    ]);
    expect(headlines(filterPieces(pieces, { ...NO_FILTER, dueToday: true }, 'Wendy', now))).toEqual(['Mine, politics']);
    expect(filterPieces(pieces, { mine: true, mySection: true, dueToday: true }, 'Ana', now)).toEqual([]);
    expect(filterPieces(pieces, NO_FILTER, 'Wendy', now)).toHaveLength(4);
  });

  it('marks a passed deadline overdue only while the piece is being worked on', () => {
    expect(pieces.map((p) => isOverdue(p, now))).toEqual([false, true, false, false]);
  });

  it('groups by status, the nearest deadline first', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      boardPiece({
        headline: `Piece ${i}`,
        status: DRAFT_STATUSES[i % 5] as DraftStatus,
        deadline: i % 7 === 0 ? null : at(1 + (i % 28), i % 24),
      }),
    );
    const columns = groupByStatus(filterPieces(many, NO_FILTER, 'Wendy', now));
    for (const status of DRAFT_STATUSES) {
      expect(columns[status]).toHaveLength(1000);
      const due = columns[status].map((p) => (p.deadline ? Date.parse(p.deadline) : Infinity));
      expect(due).toEqual([...due].sort((a, b) => a - b));
    }
  });
});

describe('the columns the window is sent', () => {
  const now = new Date(2025, 5, 10, 12, 0);
  const many = Array.from({ length: 500 }, (_, i) =>
    boardPiece({
      headline: `Piece ${String(i).padStart(3, '0')}`,
      status: DRAFT_STATUSES[i % 5] as DraftStatus,
      assignee: i % 10 === 0 ? 'Wendy' : 'Ana',
    }),
  );

  it('sends each column’s first page in order, and its whole count', () => {
    const columns = boardColumns(many, { filter: NO_FILTER, shown: {} }, 'Wendy', now);
    for (const status of DRAFT_STATUSES) {
      expect(columns[status].total).toBe(100);
      expect(columns[status].pieces).toHaveLength(BOARD_PAGE);
      expect(columns[status].pieces).toEqual(groupByStatus(many)[status].slice(0, BOARD_PAGE));
    }
  });

  it('sends more of a column the person asked more of, and never more than it holds', () => {
    const columns = boardColumns(many, { filter: NO_FILTER, shown: { draft: 80, archived: 500 } }, 'Wendy', now);
    expect(columns.draft.pieces).toHaveLength(80);
    expect(columns.archived.pieces).toHaveLength(100);
    expect(columns.in_review.pieces).toHaveLength(BOARD_PAGE);
  });

  it('counts and pages after the filters', () => {
    const columns = boardColumns(many, { filter: { ...NO_FILTER, mine: true }, shown: {} }, 'Wendy', now);
    expect(columns.draft.total).toBe(50);
    expect(columns.draft.pieces).toHaveLength(BOARD_PAGE);
    expect(columns.draft.pieces.every((p) => p.assignee === 'Wendy')).toBe(true);
    expect(columns.in_review.total).toBe(0);
  });

  it('names everyone the board names, and the person, once each', () => {
    const pieces = [
      boardPiece({ assignee: 'Wendy', editor: 'Ed' }),
      boardPiece({ assignee: 'ana' }),
      boardPiece({ editor: 'Ed' }),
    ];
    expect(peopleOf(pieces, 'Zoe')).toEqual(['ana', 'Ed', 'Wendy', 'Zoe']);
    expect(peopleOf([], '')).toEqual([]);
  });
});
