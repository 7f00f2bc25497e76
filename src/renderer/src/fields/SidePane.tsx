import type { ReactNode } from 'react';
import { plural } from '../shell/format';
import { useReview, type SideTab } from '../review/reviewStore';

const TABS: Array<[SideTab, string]> = [
  ['fields', 'Fields'],
  ['review', 'Review'],
  ['history', 'History'],
];

/** The right-hand pane: the piece's fields, its review, and its history, one at a time. */
export function SidePane({ onClose, children }: { onClose: () => void; children: Record<SideTab, ReactNode> }) {
  const { tab, setTab, notes } = useReview();
  const open = notes.filter((n) => !n.resolvedAt).length;
  return (
    <aside className="cd-fields" aria-label="About this piece">
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
        <button type="button" className="cd-icon-button" aria-label="Hide the side pane" onClick={onClose}>
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
