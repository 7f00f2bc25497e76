import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CheckProblem } from '../../../common/check';
import { STATUS_LABELS, type DraftStatus } from '../../../common/domain';
import { BOARD_COLUMNS, type BoardFilter } from '../../../common/desk/board';
import type { BoardPiece } from '../../../common/desk/status';
import { mayAct, type DeskAction } from '../../../common/desk/workflow';
import { when } from '../shell/format';
import { ScreenStatus } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { AssignDialog, type AssignTarget } from './AssignDialog';
import { CheckRefusal } from './CheckRefusal';
import { DeskRequests } from './DeskRequests';
import { openPiece } from './openPiece';
import { ReasonForm } from './ReasonForm';
import { judgeMove, outcomeLine, roleSentence } from './teamDesk';
import type { CardHandlers } from './TeamDeskCard';
import { TeamDeskColumns } from './TeamDeskColumns';
import { useTeamDesk } from './teamDeskStore';
import './teamDesk.css';

/** The board is read again this often while it shows, so "online" and other people's moves stay current between events. */
const REFRESH_EVERY_MS = 10_000;

const FILTERS: Array<[keyof BoardFilter, string]> = [
  ['mine', 'Mine'],
  ['mySection', 'My section'],
  ['dueToday', 'Due today'],
];

/** A move that needs more from the person before it is sent: a reason, or an override of the desk's check. */
type Pending =
  | { kind: 'reason'; piece: BoardPiece; action: DeskAction }
  | { kind: 'check'; piece: BoardPiece; problems: CheckProblem[] };

/**
 * The team's pieces by status, as the desk has them: who writes and edits
 * each, when it is due and where it runs. Cards move by drag and by keyboard
 * where the person's role allows; editors assign from a card.
 */
export function TeamDeskBoard({ modeSwitch }: { modeSwitch: ReactNode }) {
  const board = useTeamDesk((s) => s.board);
  const loadError = useTeamDesk((s) => s.error);
  // Main filters and pages the board it keeps; the window sends what it wants to see.
  const filter = useTeamDesk((s) => s.query.filter);
  const [status, setStatus] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [assigning, setAssigning] = useState<AssignTarget | null>(null);
  const [focusOn, setFocusOn] = useState<string | null>(null);
  const { busy, error, run } = useAsyncAction('Not done: ');
  const dragged = useRef<BoardPiece | null>(null);
  /** Counts the person's moves: an answer that comes back after a newer move says nothing over that move's words. */
  const moves = useRef(0);

  useEffect(() => {
    void useTeamDesk.getState().refresh();
    const timer = setInterval(() => void useTeamDesk.getState().refresh(), REFRESH_EVERY_MS);
    return () => clearInterval(timer);
  }, []);

  const toggle = (key: keyof BoardFilter): void =>
    void useTeamDesk.getState().setQuery({ filter: { ...filter, [key]: !filter[key] } });

  // A card that moved is drawn anew in its new column: the focus follows it there, for the next Alt+Arrow.
  useEffect(() => {
    if (!focusOn) return;
    const card = document.querySelector<HTMLElement>(`.cd-team-card[data-document="${CSS.escape(focusOn)}"]`);
    if (card && document.activeElement !== card) card.focus();
  }, [focusOn, board]);

  const send = (piece: BoardPiece, action: DeskAction, reason = '', override = false): void => {
    const turn = ++moves.current;
    void run(async () => {
      const desk = useTeamDesk.getState();
      const draftId = piece.draftId ?? (await desk.take(piece.document));
      const outcome = await desk.request({ draftId, action, expected: piece.status, reason, override });
      // The card shows in its new column (the board is read on desk.changed) before this answer returns, and may
      // be moved again meanwhile: that newer move's refusal or answer stays on screen, and keeps the focus.
      if (turn !== moves.current) return;
      setFocusOn(piece.document);
      if (outcome.state === 'refused') {
        setStatus(null);
        setRefusal(outcome.message);
        setPending(outcome.code === 'check_failed' ? { kind: 'check', piece, problems: outcome.problems } : null);
      } else {
        setRefusal(null);
        setPending(null);
        setStatus(outcomeLine(outcome, piece.headline, action));
      }
    });
  };

  const move = (piece: BoardPiece, to: DraftStatus): void => {
    if (!board) return;
    moves.current += 1;
    const verdict = judgeMove(board.role, piece.status, to);
    setStatus(null);
    setPending(null);
    if (!verdict.ok) {
      setRefusal(`“${piece.headline || 'Untitled'}” was not moved to ${STATUS_LABELS[to]}. ${verdict.message}`);
      return;
    }
    setRefusal(null);
    if (verdict.needsReason) setPending({ kind: 'reason', piece, action: verdict.action });
    else send(piece, verdict.action);
  };

  // The cards are memoised: their handlers stay the same objects, and reach the board's latest state through a ref.
  const latest = useRef(move);
  useLayoutEffect(() => {
    latest.current = move;
  });
  const handlers = useMemo<CardHandlers>(
    () => ({
      open: (piece) =>
        void run(async () => {
          const draftId = await useTeamDesk.getState().take(piece.document);
          openPiece(draftId);
        }),
      move: (piece, to) => latest.current(piece, to),
      assign: (piece) =>
        setAssigning({
          draftId: piece.draftId,
          document: piece.document,
          headline: piece.headline,
          status: piece.status,
          current: piece,
        }),
      dragStart: (piece) => {
        dragged.current = piece;
      },
    }),
    [run],
  );

  const drop = (to: DraftStatus, document: string): void => {
    const shownPieces = board ? BOARD_COLUMNS.flatMap((c) => board.columns[c].pieces) : [];
    const piece = dragged.current ?? shownPieces.find((p) => p.document === document) ?? null;
    dragged.current = null;
    if (piece) move(piece, to);
  };

  return (
    <main className="cd-desk-view cd-team-desk">
      <div className="cd-desk-head">
        <h1>Team desk</h1>
        {modeSwitch}
        <div className="cd-team-filters" role="group" aria-label="Filters">
          {FILTERS.map(([key, label]) => (
            <button
              key={key}
              type="button"
              className="cd-small-button"
              aria-pressed={filter[key]}
              onClick={() => toggle(key)}
            >
              {label}
            </button>
          ))}
        </div>
        {board && (
          <span className="cd-help">
            {board.user} · {roleSentence(board.role)}
          </span>
        )}
      </div>
      {board && !board.online && (
        <p className="cd-newsroom-live is-offline">
          {board.heardAt
            ? `Offline: showing the board as last heard at ${when(board.heardAt)}`
            : 'Offline: the board has not been heard from the desk yet'}
        </p>
      )}
      <p id="cd-team-desk-keys" className="cd-help">
        Drag a card to another column, or focus it and press Alt+Left or Alt+Right.
      </p>
      <ScreenStatus status={status} error={refusal ?? error ?? loadError} />
      {pending?.kind === 'reason' && (
        <div className="cd-confirm" role="group" aria-label={`Request changes to “${pending.piece.headline}”`}>
          <ReasonForm
            label={`What needs changing in “${pending.piece.headline || 'Untitled'}” (sent to the writer)`}
            submitLabel="Send back"
            busy={busy}
            onSubmit={(reason) => send(pending.piece, pending.action, reason)}
            onCancel={() => setPending(null)}
          />
        </div>
      )}
      {pending?.kind === 'check' && board && (
        <CheckRefusal
          problems={pending.problems}
          canOverride={mayAct(board.role, 'approve', pending.piece.status)}
          busy={busy}
          onOverride={(reason) => send(pending.piece, 'approve', reason, true)}
          onCancel={() => setPending(null)}
        />
      )}
      <DeskRequests />
      {(board === null || (board.heardAt === null && board.online)) && !loadError && (
        <p className="cd-help">Reading the desk…</p>
      )}
      {board && (board.heardAt !== null || !board.online) && (
        <TeamDeskColumns board={board} on={handlers} onDrop={drop} />
      )}
      {assigning && (
        <AssignDialog target={assigning} onClose={() => setAssigning(null)} onDone={(line) => setStatus(line)} />
      )}
    </main>
  );
}
