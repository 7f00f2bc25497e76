import { describe, expect, it } from 'vitest';
import { DRAFT_STATUSES } from '../../src/common/domain';
import { DESK_ACTION_RULES, DESK_ROLES, mayAct } from '../../src/common/desk/workflow';
import { boardPiece } from '../support/board';
import {
  actionsFor,
  isoFromLocal,
  judgeMove,
  localDateTime,
  movesFrom,
  neighbour,
  outcomeLine,
  roleSentence,
} from '../../src/renderer/src/newsroom/teamDesk';

/**
 * The Team desk's rules as the window reads them (src/renderer/src/newsroom/teamDesk.ts):
 * the buttons a role is offered and which column moves a card may make (the
 * board's filters and columns: desk-board.test.ts). The server judges again;
 * these only decide what is offered.
 */

describe('the moves a role may make on the board', () => {
  it('lets a writer only submit; an editor runs the rest of the workflow', () => {
    expect(judgeMove('writer', 'draft', 'in_review')).toEqual({ ok: true, action: 'submit', needsReason: false });
    expect(movesFrom('writer', 'draft')).toEqual(['in_review']);
    for (const status of ['in_review', 'approved', 'published', 'archived'] as const) {
      expect(movesFrom('writer', status)).toEqual([]);
    }
    expect(judgeMove('editor', 'in_review', 'approved')).toEqual({ ok: true, action: 'approve', needsReason: false });
    expect(judgeMove('editor', 'approved', 'published')).toEqual({ ok: true, action: 'publish', needsReason: false });
    expect(movesFrom('editor', 'in_review')).toEqual(['draft', 'approved', 'archived']);
  });

  it('asks a reason where the only move back is "request changes", and takes "reopen" where both fit', () => {
    expect(judgeMove('editor', 'in_review', 'draft')).toEqual({
      ok: true,
      action: 'request_changes',
      needsReason: true,
    });
    expect(judgeMove('editor', 'approved', 'draft')).toEqual({ ok: true, action: 'reopen', needsReason: false });
  });

  it('refuses, saying why: the role, or no action at all', () => {
    const forbidden = judgeMove('writer', 'in_review', 'approved');
    expect(forbidden).toEqual({
      ok: false,
      message: 'Only editors and admins may approve, and you are a writer on the desk.',
    });
    expect(judgeMove('editor', 'published', 'in_review')).toEqual({
      ok: false,
      message: 'No desk action moves a piece from Published to In review.',
    });
    expect(judgeMove('editor', 'draft', 'draft').ok).toBe(false);
    // An unknown role (a server newer than this app) is offered nothing.
    expect(movesFrom('intern', 'draft')).toEqual([]);
  });

  it('agrees with the shared table for every role and pair of columns', () => {
    for (const role of DESK_ROLES) {
      for (const from of DRAFT_STATUSES) {
        for (const to of DRAFT_STATUSES) {
          const verdict = judgeMove(role, from, to);
          const some = Object.values(DESK_ACTION_RULES).some(
            (rule) => rule.to === to && rule.from.includes(from) && rule.roles.includes(role),
          );
          expect(verdict.ok, `${role} ${from}→${to}`).toBe(from !== to && some);
          if (verdict.ok) expect(mayAct(role, verdict.action, from)).toBe(true);
        }
      }
    }
  });

  it('offers exactly the buttons mayAct allows, and Alt+Arrow reaches the next column', () => {
    expect(actionsFor('writer', 'draft')).toEqual(['submit']);
    expect(actionsFor('writer', 'in_review')).toEqual([]);
    expect(actionsFor('editor', 'in_review')).toEqual(['request_changes', 'approve', 'archive', 'assign']);
    expect(roleSentence('editor')).toBe('You are an editor on the desk');
    expect(roleSentence('admin')).toBe('You are an admin on the desk');
    expect(roleSentence('writer')).toBe('You are a writer on the desk');
    expect(neighbour('draft', -1)).toBeNull();
    expect(neighbour('draft', 1)).toBe('in_review');
    expect(neighbour('archived', 1)).toBeNull();
  });
});

describe('what the person is told, and the deadline field', () => {
  it('words each outcome', () => {
    const done = boardPiece({ status: 'approved' });
    expect(outcomeLine({ state: 'done', piece: done }, 'Budget vote', 'approve')).toBe(
      '“Budget vote” is now Approved.',
    );
    expect(outcomeLine({ state: 'waiting', requestId: 'x' }, 'Budget vote', 'submit')).toBe(
      'Waiting to be sent: you are offline',
    );
    expect(
      outcomeLine(
        { state: 'refused', requestId: 'x', code: 'conflict', message: 'Ed approved this at 14:02', problems: [] },
        'Budget vote',
        'approve',
      ),
    ).toBe('Ed approved this at 14:02');
  });

  it('turns a datetime-local value into an ISO time and back, in local time', () => {
    const iso = isoFromLocal('2025-06-10T18:30');
    expect(iso).toBe(new Date(2025, 5, 10, 18, 30).toISOString());
    expect(localDateTime(iso)).toBe('2025-06-10T18:30');
    expect(isoFromLocal('')).toBeNull();
    expect(localDateTime(null)).toBe('');
  });
});
