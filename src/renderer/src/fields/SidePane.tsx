import { useCallback, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { isDrawer } from './drawer';
import { plural } from '../shell/format';
import { useReview, type SideTab } from '../review/reviewStore';

const TABS: Array<[SideTab, string]> = [
  ['fields', 'Fields'],
  ['review', 'Review'],
  ['history', 'History'],
];

/**
 * The right-hand pane: the piece's fields, its review, and its history, one
 * at a time. In a narrow window it is a drawer over the text (styles.css):
 * opening it takes the focus in, and Escape in it closes it, the focus
 * going back to what opened it. It is not modal: the writer may click into
 * the text beside it and keep it open (Escape there is the editor's).
 */
export function SidePane({ onClose, children }: { onClose: () => void; children: Record<SideTab, ReactNode> }) {
  const { tab, setTab, notes } = useReview();
  const open = notes.filter((n) => !n.resolvedAt).length;
  const pane = useRef<HTMLElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    if (!isDrawer()) return;
    opener.current = document.activeElement;
    pane.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }, []);

  const close = useCallback((): void => {
    const back = opener.current;
    // Closed with the focus elsewhere (the text beside it), the focus stays there.
    const hadFocus = pane.current?.contains(document.activeElement) === true;
    onClose();
    if (!isDrawer() || !hadFocus) return;
    // "Show fields" opened it and went away as it opened (the focus fell to the page): the one drawn again takes the focus.
    requestAnimationFrame(() =>
      (back instanceof HTMLElement && back.isConnected && back !== document.body
        ? back
        : document.querySelector<HTMLElement>('.cd-show-fields')
      )?.focus(),
    );
  }, [onClose]);

  // On the pane's own element, so a field inside that takes Escape itself (and says so) keeps it.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || !isDrawer()) return;
    event.preventDefault();
    close();
  };

  return (
    <aside className="cd-fields" aria-label="About this piece" ref={pane} onKeyDown={onKeyDown}>
      <div className="cd-fields-head">
        <div role="tablist" aria-label="Side pane" className="cd-side-tabs">
          {TABS.map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="tab"
              id={`cd-tab-${value}`}
              aria-selected={tab === value}
              aria-controls="cd-side-panel"
              // The count is said as a description ("2 open notes"), so the tab's name stays "Review", not "Review2".
              aria-describedby={value === 'review' && open > 0 ? 'cd-tab-review-count' : undefined}
              className="cd-side-tab"
              onClick={() => setTab(value)}
            >
              {label}
              {value === 'review' && open > 0 && (
                <span className="cd-tab-count" aria-hidden="true">
                  {open}
                </span>
              )}
            </button>
          ))}
        </div>
        <button type="button" className="cd-icon-button" aria-label="Hide the side pane" onClick={close}>
          ⟩
        </button>
      </div>
      {open > 0 && (
        <span id="cd-tab-review-count" className="cd-sr-only">
          {plural(open, 'open note')}
        </span>
      )}
      <div id="cd-side-panel" role="tabpanel" aria-labelledby={`cd-tab-${tab}`}>
        {children[tab]}
      </div>
    </aside>
  );
}
