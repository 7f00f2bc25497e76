import { useDeferredValue, useMemo } from 'react';
import { STATUS_LABELS, type DraftStatus } from '../../../common/domain';
import { BOARD_COLUMNS, BOARD_PAGE, isOverdue } from '../../../common/desk/board';
import type { DeskBoardView } from '../../../common/desk/status';
import { TeamDeskCard, type CardHandlers } from './TeamDeskCard';
import { useTeamDesk } from './teamDeskStore';

/** Cards of each column in the board's first frame: about a tall window's worth; the rest of the page follows it. */
const FIRST_CARDS = 8;

/**
 * The Team desk's columns: each status's count and the cards main sent for
 * it, a drop target for a dragged card, and "Show more", which asks main for
 * the next page. The board's first frame draws only the cards a window shows;
 * React draws the rest of the page after it, yielding to the person's input.
 */
export function TeamDeskColumns({
  board,
  on,
  onDrop,
}: {
  board: DeskBoardView;
  on: CardHandlers;
  onDrop: (to: DraftStatus, document: string) => void;
}) {
  const shown = useTeamDesk((s) => s.query.shown);
  // At mount the deferred value is FIRST_CARDS; the whole page is drawn in the deferred render right after.
  const drawn = useDeferredValue(Number.POSITIVE_INFINITY, FIRST_CARDS);
  const now = useMemo(() => new Date(), [board]); // eslint-disable-line react-hooks/exhaustive-deps -- "now" moves with each reading of the board.
  return (
    <div className="cd-columns cd-team-columns">
      {BOARD_COLUMNS.map((column) => {
        const { total, pieces } = board.columns[column];
        const limit = shown[column] ?? BOARD_PAGE;
        return (
          <section
            key={column}
            className="cd-column"
            aria-labelledby={`cd-team-col-${column}`}
            onDragOver={(e) => {
              // Every column takes the drop; the move is judged there, so a forbidden one is told, not ignored.
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
            }}
            onDrop={(e) => {
              e.preventDefault();
              onDrop(column, e.dataTransfer.getData('text/plain'));
            }}
          >
            <h2 id={`cd-team-col-${column}`}>
              {STATUS_LABELS[column]} <span className="cd-view-count">{total}</span>
            </h2>
            <ul className="cd-cards" aria-label={`${STATUS_LABELS[column]} pieces`}>
              {pieces.slice(0, drawn).map((piece) => (
                <TeamDeskCard
                  key={piece.document}
                  piece={piece}
                  role={board.role}
                  overdue={isOverdue(piece, now)}
                  on={on}
                />
              ))}
              {pieces.length === 0 && <li className="cd-help">Nothing here.</li>}
            </ul>
            {total > pieces.length && (
              <button
                type="button"
                className="cd-small-button cd-show-more"
                aria-label={`Show more in ${STATUS_LABELS[column]} (${total - pieces.length} more)`}
                onClick={() =>
                  void useTeamDesk.getState().setQuery({ shown: { ...shown, [column]: limit + BOARD_PAGE } })
                }
              >
                Show more ({(total - pieces.length).toLocaleString()} more)
              </button>
            )}
          </section>
        );
      })}
    </div>
  );
}
