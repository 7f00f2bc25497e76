import { useEffect, type KeyboardEvent } from 'react';
import { STATUS_LABELS, type DraftSummary } from '../../../common/domain';
import { useLibrary } from './libraryStore';

function when(iso: string): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

function Row({ row, selected, onOpen }: { row: DraftSummary; selected: boolean; onOpen: () => void }) {
  return (
    <li role="option" aria-selected={selected} className={`cd-row${selected ? ' is-selected' : ''}`} onClick={onOpen} data-id={row.id}>
      <div className="cd-row-headline">{row.headline || <span className="cd-untitled">Untitled</span>}</div>
      {row.snippet && (
        <div className="cd-row-snippet">
          {row.snippet.map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
        </div>
      )}
      <div className="cd-row-meta">
        <span className={`cd-status cd-status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
        <span>{row.wordCount.toLocaleString()} words</span>
        <span>{when(row.updatedAt)}</span>
      </div>
    </li>
  );
}

/** The list of pieces: search, new draft, and keyboard navigation. */
export function LibraryPane() {
  const { rows, total, query, selectedId, error, refresh, setQuery, select, createDraft } = useLibrary();

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const index = rows.findIndex((r) => r.id === selectedId);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = rows[Math.min(rows.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
      if (next) select(next.id);
    }
  };

  return (
    <nav className="cd-library" aria-label="Library">
      <div className="cd-library-head">
        <input
          type="search"
          className="cd-search"
          placeholder="Search drafts"
          aria-label="Search drafts"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" className="cd-button" onClick={() => void createDraft()} title="New draft (Ctrl+N)">
          New draft
        </button>
      </div>
      {error && <p role="alert" className="cd-error">{error}</p>}
      <div className="cd-library-count" aria-live="polite">
        {query ? `${total.toLocaleString()} found` : `${total.toLocaleString()} drafts`}
      </div>
      {rows.length === 0 ? (
        <p className="cd-empty">{query ? 'Nothing matches that search.' : 'No drafts yet. Start one with “New draft”.'}</p>
      ) : (
        <ul className="cd-rows" role="listbox" aria-label="Drafts" tabIndex={0} onKeyDown={onKeyDown}>
          {rows.map((row) => (
            <Row key={row.id} row={row} selected={row.id === selectedId} onOpen={() => select(row.id)} />
          ))}
        </ul>
      )}
    </nav>
  );
}
