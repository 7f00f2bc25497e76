import { STATUS_LABELS, type DraftStatus } from '../../../common/domain';
import { BOARD_COLUMNS } from '../../../common/desk/board';
import type { DeskRequestOutcome } from '../../../common/desk/status';
import { DESK_ACTION_RULES, DESK_ACTIONS, mayAct, type DeskAction } from '../../../common/desk/workflow';

/**
 * The Team desk's rules as the window reads them, pure so they are tested
 * without a DOM: which buttons a person sees and which column moves a card
 * may make (the columns and filters are src/common/desk/board.ts, drawn in
 * main). The server judges every request again; this only keeps people from
 * being offered what it would refuse.
 */

/** The actions this role may ask for on a piece in this status, in the table's order. */
export function actionsFor(role: string, status: DraftStatus): DeskAction[] {
  return DESK_ACTIONS.filter((action) => mayAct(role, action, status));
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** "You are an editor on the desk": the role the server gave, which is the one that counts for shared pieces. */
export function roleSentence(role: string): string {
  const name = role || 'member';
  return `You are ${article(name)} ${name} on the desk`;
}

/** "editors and admins", from a rule's roles. */
function rolesPhrase(roles: readonly string[]): string {
  const names = roles.map((r) => `${r}s`);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export type MoveVerdict = { ok: true; action: DeskAction; needsReason: boolean } | { ok: false; message: string };

/**
 * Whether a card may move from one column to another for this role: only
 * where an action moves a piece from→to and the role may ask for it.
 */
export function judgeMove(role: string, from: DraftStatus, to: DraftStatus): MoveVerdict {
  const [fromLabel, toLabel] = [STATUS_LABELS[from], STATUS_LABELS[to]];
  if (from === to) return { ok: false, message: `It is already in ${toLabel}.` };
  const mapping = DESK_ACTIONS.filter(
    (action) => DESK_ACTION_RULES[action].to === to && DESK_ACTION_RULES[action].from.includes(from),
  );
  if (mapping.length === 0)
    return { ok: false, message: `No desk action moves a piece from ${fromLabel} to ${toLabel}.` };
  const allowed = mapping.filter((action) => mayAct(role, action, from));
  if (allowed.length === 0) {
    const rule = DESK_ACTION_RULES[mapping[0]!];
    return {
      ok: false,
      message: `Only ${rolesPhrase(rule.roles)} may ${rule.label.toLowerCase()}, and ${roleSentence(role).replace(/^You/, 'you')}.`,
    };
  }
  // Two actions make approved → draft (request changes, reopen): a drag takes the one that needs no reason.
  const action = allowed.find((a) => !DESK_ACTION_RULES[a].needsReason) ?? allowed[0]!;
  return { ok: true, action, needsReason: DESK_ACTION_RULES[action].needsReason };
}

/** The columns this role may move a card to from here (the "Move to…" menu). */
export function movesFrom(role: string, from: DraftStatus): DraftStatus[] {
  return BOARD_COLUMNS.filter((to) => judgeMove(role, from, to).ok);
}

/** The column beside this one (Alt+Arrow), or null at the board's edge. */
export function neighbour(status: DraftStatus, step: -1 | 1): DraftStatus | null {
  return BOARD_COLUMNS[BOARD_COLUMNS.indexOf(status) + step] ?? null;
}

/** What the person is told after a request: done, waiting for the connection, or the server's reason. */
export function outcomeLine(outcome: DeskRequestOutcome, headline: string, action: DeskAction): string {
  const title = `“${headline || 'Untitled'}”`;
  switch (outcome.state) {
    case 'done':
      return action === 'assign'
        ? `${title}: assignment saved.`
        : `${title} is now ${STATUS_LABELS[outcome.piece.status]}.`;
    case 'waiting':
      return 'Waiting to be sent: you are offline';
    case 'refused':
      return outcome.message;
  }
}

/** A `datetime-local` field's value for an ISO time, in this computer's time zone; '' for none. */
export function localDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO time for a `datetime-local` field's value (read in this computer's time zone); null for none or nonsense. */
export function isoFromLocal(value: string): string | null {
  if (!value) return null;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
