import { DRAFT_STATUSES, STATUS_LABELS, type DraftStatus } from '../../../common/domain';
import type { DeskBoard, DeskRequestOutcome } from '../../../common/desk/status';
import { DESK_ACTION_RULES, DESK_ACTIONS, mayAct, type DeskAction } from '../../../common/desk/workflow';

/**
 * The Team desk's rules as the window reads them, pure so they are tested
 * without a DOM: which buttons a person sees, which column moves a card may
 * make, and the board's filters. The server judges every request again; this
 * only keeps people from being offered what it would refuse.
 */

export type BoardPiece = DeskBoard['pieces'][number];

/** The board's columns, in the order a piece travels. */
export const BOARD_COLUMNS: readonly DraftStatus[] = DRAFT_STATUSES;

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

export interface BoardFilter {
  mine: boolean;
  mySection: boolean;
  dueToday: boolean;
}

export const NO_FILTER: BoardFilter = { mine: false, mySection: false, dueToday: false };

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
