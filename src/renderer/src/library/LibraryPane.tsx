import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { DRAFT_STATUSES, STATUS_LABELS, type DraftSort, type DraftSummary } from '../../../common/domain';
import { api } from '../api';
import { ExchangeSummaryPanel } from '../exchange/ExchangeSummaryPanel';
import { EXPORT_CHOICES, useExchange, type ExportChoice } from '../exchange/exchangeStore';
import { FilterSelect } from '../shell/FilterSelect';
import { timeOrDate } from '../shell/format';
import { useTags } from '../tags/tagsStore';
import type { DeskPieceStatus } from '../../../common/desk/status';
import { presentLine, useNewsroom } from '../newsroom/newsroomStore';
import { useLibrary, type LibraryView } from './libraryStore';

// Room for a headline wrapped to its two lines, the byline line and the status line (#15).
const ROW_HEIGHT = 100;
const OVERSCAN = 6;

/** "Shared", with who has it open and whether colleagues changed it since you last looked. */
function sharedLine(piece: DeskPieceStatus): string {
  return ['Shared', piece.changedSinceSeen ? 'changed since you looked' : '', presentLine(piece.present)]
    .filter(Boolean)
    .join(' · ');
}

function Row({
  row,
  index,
  selected,
  cursor,
  trash,
  checked,
}: {
  row: DraftSummary | undefined;
  index: number;
  selected: boolean;
  cursor: boolean;
  trash: boolean;
  checked: boolean;
}) {
  const { select, setCursor, toggleChecked } = useLibrary.getState();
  const style = { top: index * ROW_HEIGHT, height: ROW_HEIGHT };
  const shared = useNewsroom((s) => (row ? s.status?.pieces.find((p) => p.draftId === row.id) : undefined));
  if (!row) return <li className="cd-row is-loading" style={style} aria-hidden="true" />;
  // A listbox option may hold no control of its own: the tick box is drawn
  // here but worked by Space on the row (and the option says it is checked).
  return (
    <li
      id={`cd-row-${index}`}
      role="option"
      aria-selected={selected}
      aria-checked={trash ? undefined : checked}
      className={`cd-row${selected ? ' is-selected' : ''}${cursor ? ' is-cursor' : ''}`}
      style={style}
      onClick={() => {
        setCursor(index);
        if (!trash) select(row.id);
      }}
      data-id={row.id}
    >
      {!trash && (
        <span
          className={`cd-row-check${checked ? ' is-checked' : ''}`}
          aria-hidden="true"
          onClick={(e) => {
            e.stopPropagation();
            toggleChecked(row.id);
          }}
        >
          {checked ? '✓' : ''}
        </span>
      )}
      <div className="cd-row-headline">{row.headline || <span className="cd-untitled">Untitled</span>}</div>
      {row.snippet ? (
        <div className="cd-row-snippet">
          {row.snippet.map((part, i) =>
            part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
          )}
        </div>
      ) : (
        <div className="cd-row-sub">
          {[row.byline.join(', '), row.section, row.tags.join(' · ')].filter(Boolean).join(' — ')}
        </div>
      )}
      <div className="cd-row-meta">
        <span className={`cd-status cd-status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
        <span>{row.wordCount.toLocaleString()} words</span>
        <span>{timeOrDate(row.updatedAt)}</span>
        {shared && <span className="cd-row-shared">{sharedLine(shared)}</span>}
        {row.publishedTo.length > 0 && (
          <span className={`cd-row-published${row.publishedTo.some((p) => p.editedSince) ? ' is-changed' : ''}`}>
            On {row.publishedTo.map((p) => p.target).join(', ')}
            {row.publishedTo.some((p) => p.editedSince) && ' · edited since'}
          </span>
        )}
      </div>
    </li>
  );
}

/** In the trash, the row under the cursor can be restored or deleted for good. */
function TrashActions() {
  const { cursor, rowAt, restore, purge } = useLibrary();
  const row = rowAt(cursor);
  if (!row) return null;
  return (
    <div className="cd-exchange-row" role="group" aria-label="Trash actions">
      <span className="cd-help">“{row.headline || 'Untitled'}”</span>
      <button type="button" className="cd-small-button" onClick={() => void restore(row.id)}>
        Restore
      </button>
      <button type="button" className="cd-small-button is-danger" onClick={() => void purge(row.id)}>
        Delete forever
      </button>
    </div>
  );
}

/** Adds or removes one tag on every ticked piece at once. */
function BulkTagBar({ count }: { count: number }) {
  const { bulkTag, clearChecked } = useLibrary.getState();
  const [tag, setTag] = useState('');
  const ready = tag.trim().length > 0;
  return (
    <div className="cd-bulk" role="region" aria-label="Tag selected pieces">
      <span>{count} selected</span>
      <input
        className="cd-control"
        aria-label="Tag for the selected pieces"
        placeholder="Tag"
        value={tag}
        onChange={(e) => setTag(e.target.value)}
      />
      <button
        type="button"
        className="cd-small-button"
        disabled={!ready}
        onClick={() => void bulkTag([tag.trim()], []).then(() => setTag(''))}
      >
        Add
      </button>
      <button
        type="button"
        className="cd-small-button"
        disabled={!ready}
        onClick={() => void bulkTag([], [tag.trim()]).then(() => setTag(''))}
      >
        Remove
      </button>
      <button type="button" className="cd-link-button" onClick={clearChecked}>
        Clear
      </button>
    </div>
  );
}

function Filters() {
  const { view, tag, section, sort, counts, sections, setFilter } = useLibrary();
  const tags = useTags((s) => s.tags) ?? [];
  // The filters' choices come after the first rows and counts (one database connection answers in turn),
  // and again whenever the counts change.
  useEffect(() => {
    if (counts === null) return;
    void useTags.getState().load();
    void useLibrary.getState().loadFacets();
  }, [counts]);
  const views: Array<[LibraryView, string, number | undefined]> = [
    ['all', 'All', counts?.all],
    ...DRAFT_STATUSES.map((s): [LibraryView, string, number | undefined] => [s, STATUS_LABELS[s], counts?.[s]]),
    ['trash', 'Trash', counts?.trashed],
  ];
  return (
    <div className="cd-filters">
      <div className="cd-views" role="tablist" aria-label="Status">
        {views.map(([value, label, count]) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={view === value}
            className="cd-view"
            onClick={() => setFilter({ view: value })}
          >
            {label} <span className="cd-view-count">{count ?? ''}</span>
          </button>
        ))}
      </div>
      <div className="cd-filter-row">
        <FilterSelect
          label="Filter by tag"
          all="All tags"
          value={tag ?? ''}
          choices={tags.map((t) => [t.name, `${t.name} (${t.count})`] as const)}
          onChange={(value) => setFilter({ tag: value || null })}
        />
        <FilterSelect
          label="Filter by section"
          all="All sections"
          value={section ?? ''}
          choices={sections.map((s) => [s, s] as const)}
          onChange={(value) => setFilter({ section: value || null })}
        />
        <select aria-label="Sort by" value={sort} onChange={(e) => setFilter({ sort: e.target.value as DraftSort })}>
          <option value="updated">Last edited</option>
          <option value="headline">Headline</option>
          <option value="status">Status</option>
          <option value="created">Created</option>
        </select>
      </div>
    </div>
  );
}

/** The list of pieces: search, filters, new draft, trash, and keyboard navigation. */
export function LibraryPane() {
  const {
    view,
    query,
    total,
    pages,
    selectedId,
    checked,
    cursor,
    error,
    refresh,
    ensureRows,
    rowAt,
    setFilter,
    select,
    setCursor,
    createDraft,
    trash,
  } = useLibrary();
  const scroller = useRef<HTMLUListElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });

  useEffect(() => {
    void refresh();
    // Which pieces are shared with the desk, for their rows' marks; a library without a desk shows none.
    void useNewsroom
      .getState()
      .loadStatus()
      .catch(() => undefined);
  }, [refresh]);

  // Colleagues' edits arrived in a shared piece: its row and marks follow.
  useEffect(
    () =>
      api().events.subscribe((event) => {
        if (event.type !== 'draft.saved') return;
        void refresh();
        void useNewsroom
          .getState()
          .loadStatus()
          .catch(() => undefined);
      }),
    [refresh],
  );

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = (): void => setViewport({ top: element.scrollTop, height: element.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => observer.disconnect();
  }, [total]);

  const first = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    if (total > 0) ensureRows(first, last);
  }, [first, last, total, pages, ensureRows]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const move = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      const next = Math.max(0, Math.min(total - 1, cursor + move));
      setCursor(next);
      const element = scroller.current;
      if (element) {
        if (next * ROW_HEIGHT < element.scrollTop) element.scrollTop = next * ROW_HEIGHT;
        else if ((next + 1) * ROW_HEIGHT > element.scrollTop + element.clientHeight)
          element.scrollTop = (next + 1) * ROW_HEIGHT - element.clientHeight;
      }
    } else if (event.key === ' ' && view !== 'trash') {
      event.preventDefault();
      const row = rowAt(cursor);
      if (row) useLibrary.getState().toggleChecked(row.id);
    } else if (event.key === 'Enter') {
      const row = rowAt(cursor);
      if (row && view !== 'trash') select(row.id);
    } else if (event.key === 'Delete' && view !== 'trash') {
      const row = rowAt(cursor);
      if (row) void trash(row.id);
    }
  };

  const rows = [];
  for (let i = first; i <= last; i++) {
    const row = rowAt(i);
    rows.push(
      <Row
        key={row?.id ?? `loading-${i}`}
        row={row}
        index={i}
        selected={row?.id === selectedId}
        cursor={i === cursor}
        trash={view === 'trash'}
        checked={row ? checked.includes(row.id) : false}
      />,
    );
  }

  const selected = selectedId ? rowAt(cursor)?.id === selectedId : false;
  return (
    <nav
      className="cd-library"
      aria-label="Library"
      // Markdown or Word files dropped here are imported; the shell grants what the writer dropped, the page never names a path.
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        void useExchange.getState().importDropped();
      }}
    >
      <div className="cd-library-head">
        <input
          type="search"
          className="cd-control cd-search"
          placeholder="Search drafts"
          aria-label="Search drafts"
          value={query}
          onChange={(e) => setFilter({ query: e.target.value })}
        />
        <button type="button" className="cd-button" onClick={() => void createDraft()} title="New draft (Ctrl+N)">
          New draft
        </button>
      </div>
      <Filters />
      <div className="cd-exchange-row">
        <button type="button" className="cd-small-button" onClick={() => void useExchange.getState().importFiles()}>
          Import…
        </button>
        <select
          className="cd-small-button"
          aria-label={
            checked.length > 0 ? 'Export the selected pieces into a folder' : 'Export the pieces shown into a folder'
          }
          disabled={total === 0 || view === 'trash'}
          value=""
          onChange={(e) => {
            const choice = e.target.value as ExportChoice | '';
            if (!choice) return;
            const { tag, section, view: status } = useLibrary.getState();
            const filter = {
              ...(query.trim() ? { query } : {}),
              ...(tag ? { tag } : {}),
              ...(section ? { section } : {}),
              ...(status !== 'all' && status !== 'trash' ? { status } : {}),
            };
            void useExchange.getState().exportPieces(checked.length > 0 ? { ids: checked } : { filter }, choice);
          }}
        >
          <option value="">{checked.length > 0 ? `Export ${checked.length} selected…` : 'Export shown…'}</option>
          {(Object.keys(EXPORT_CHOICES) as ExportChoice[]).map((choice) => (
            <option key={choice} value={choice}>
              {EXPORT_CHOICES[choice].label}
            </option>
          ))}
        </select>
      </div>
      <ExchangeSummaryPanel />
      {view === 'trash' && total > 0 && <TrashActions />}
      {checked.length > 0 && <BulkTagBar count={checked.length} />}
      {error && (
        <p role="alert" className="cd-error">
          {error}
        </p>
      )}
      <div className="cd-library-count" aria-live="polite">
        {query
          ? `${total.toLocaleString()} found`
          : `${total.toLocaleString()} ${view === 'trash' ? 'in the trash' : total === 1 ? 'piece' : 'pieces'}`}
        {selected && view !== 'trash' && (
          <button
            type="button"
            className="cd-link-button cd-trash-button"
            onClick={() => selectedId && void trash(selectedId)}
          >
            Move to trash
          </button>
        )}
      </div>
      {total === 0 ? (
        <p className="cd-empty">
          {query
            ? 'Nothing matches that search.'
            : view === 'trash'
              ? 'The trash is empty.'
              : view === 'all'
                ? 'No drafts yet. Start one with “New draft”.'
                : 'No pieces here.'}
        </p>
      ) : (
        <ul
          ref={scroller}
          className="cd-rows"
          role="listbox"
          aria-label="Drafts"
          aria-activedescendant={`cd-row-${cursor}`}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onScroll={(e) => setViewport({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
        >
          <li aria-hidden="true" className="cd-rows-spacer" style={{ height: total * ROW_HEIGHT }} />
          {rows}
        </ul>
      )}
    </nav>
  );
}
