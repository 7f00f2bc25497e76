import { memo, type DragEvent, type KeyboardEvent } from 'react';
import { STATUS_LABELS, type DraftStatus } from '../../../common/domain';
import { DESK_ACTION_RULES, mayAct } from '../../../common/desk/workflow';
import { when } from '../shell/format';
import type { BoardPiece } from '../../../common/desk/status';
import { movesFrom, neighbour } from './teamDesk';

export interface CardHandlers {
  open: (piece: BoardPiece) => void;
  move: (piece: BoardPiece, to: DraftStatus) => void;
  assign: (piece: BoardPiece) => void;
  dragStart: (piece: BoardPiece) => void;
}

/**
 * One piece on the Team desk: headline, who writes and edits it, its deadline
 * (marked when overdue) and slot. It moves by drag, by Alt+Left/Right to the
 * next column, or by its "Move to" menu, which lists only the moves the
 * person's role allows; the board refuses the rest and says why.
 */
export const TeamDeskCard = memo(function TeamDeskCard({
  piece,
  role,
  overdue,
  on,
}: {
  piece: BoardPiece;
  role: string;
  overdue: boolean;
  on: CardHandlers;
}) {
  const title = piece.headline || 'Untitled';
  const moves = movesFrom(role, piece.status);
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>): void => {
    if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    // Alt+Arrow is also the browser's Back and Forward: the board keeps it.
    event.preventDefault();
    const to = neighbour(piece.status, event.key === 'ArrowLeft' ? -1 : 1);
    if (to) on.move(piece, to);
  };
  const onDragStart = (event: DragEvent<HTMLLIElement>): void => {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', piece.document);
    on.dragStart(piece);
  };
  const slot = [piece.slotSection, piece.slotDate].filter(Boolean).join(', ');
  return (
    <li
      className={`cd-card cd-team-card${overdue ? ' is-overdue' : ''}`}
      data-document={piece.document}
      aria-label={title}
      aria-describedby="cd-team-desk-keys"
      tabIndex={0}
      draggable
      onDragStart={onDragStart}
      onKeyDown={onKeyDown}
    >
      {piece.draftId ? (
        <button type="button" className="cd-team-card-open" onClick={() => on.open(piece)}>
          {title}
        </button>
      ) : (
        <span className="cd-card-headline">{title}</span>
      )}
      <span className="cd-card-meta">
        {piece.assignee ? `Assigned to ${piece.assignee}` : 'Not assigned'}
        {piece.editor && ` · editor ${piece.editor}`}
      </span>
      {piece.deadline && (
        <span className="cd-card-meta">
          Due <time dateTime={piece.deadline}>{when(piece.deadline)}</time>
          {overdue && <strong className="cd-overdue"> · Overdue</strong>}
        </span>
      )}
      {slot && <span className="cd-card-meta">Slot: {slot}</span>}
      <span className="cd-team-card-tools">
        {!piece.draftId && (
          <button type="button" className="cd-small-button" onClick={() => on.open(piece)}>
            Take and open
          </button>
        )}
        {moves.length > 0 && (
          <select
            className="cd-small-button"
            aria-label={`Move “${title}” to`}
            value=""
            onChange={(e) => e.target.value && on.move(piece, e.target.value as DraftStatus)}
          >
            <option value="">Move to…</option>
            {moves.map((to) => (
              <option key={to} value={to}>
                {STATUS_LABELS[to]}
              </option>
            ))}
          </select>
        )}
        {mayAct(role, 'assign', piece.status) && (
          <button
            type="button"
            className="cd-small-button"
            aria-label={`${DESK_ACTION_RULES.assign.label} “${title}”…`}
            onClick={() => on.assign(piece)}
          >
            {DESK_ACTION_RULES.assign.label}…
          </button>
        )}
      </span>
    </li>
  );
});
