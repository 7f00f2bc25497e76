import { useEffect, useState } from 'react';
import type { TagUsage } from '../../../common/api';
import { STATUS_LABELS, type DraftStatus, type DraftSummary } from '../../../common/domain';
import { api, messageOf, unwrap } from '../api';
import { useLibrary } from '../library/libraryStore';
import { useShell } from '../shell/shellStore';

const COLUMNS: DraftStatus[] = ['draft', 'in_review', 'approved', 'published'];
const COLUMN_SIZE = 100;

function waiting(row: DraftSummary): string {
  const since = Date.parse(row.statusChangedAt);
  const hours = Math.max(0, (Date.now() - since) / 3_600_000);
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * The editors' desk: every live piece by status, longest waiting first,
 * filtered by section and tag. A card opens the piece on the writing desk.
 */
export function DeskView() {
  const [columns, setColumns] = useState<Record<string, { rows: DraftSummary[]; total: number }>>({});
  const [section, setSection] = useState('');
  const [tag, setTag] = useState('');
  const [sections, setSections] = useState<string[]>([]);
  const [tags, setTags] = useState<TagUsage[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void unwrap(api().drafts.facets({ authors: false })).then((f) => setSections(f.sections), () => undefined);
    void unwrap(api().tags.list({})).then(setTags, () => undefined);
  }, []);

  useEffect(() => {
    let live = true;
    Promise.all(
      COLUMNS.map((status) =>
        unwrap(api().drafts.list({ status, sort: 'waiting', limit: COLUMN_SIZE, ...(section ? { section } : {}), ...(tag ? { tag } : {}) })).then((page) => [status, page] as const),
      ),
    )
      .then((pages) => live && setColumns(Object.fromEntries(pages.map(([status, page]) => [status, { rows: page.rows, total: page.total }]))))
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [section, tag]);

  const open = (id: string): void => {
    useLibrary.getState().select(id);
    useShell.getState().setView('write');
  };

  return (
    <div className="cd-desk-view">
      <div className="cd-desk-head">
        <h1>Desk</h1>
        <select aria-label="Desk section" value={section} onChange={(e) => setSection(e.target.value)}>
          <option value="">All sections</option>
          {sections.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select aria-label="Desk tag" value={tag} onChange={(e) => setTag(e.target.value)}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="cd-error">
          {error}
        </p>
      )}
      <div className="cd-columns">
        {COLUMNS.map((status) => {
          const column = columns[status];
          return (
            <section key={status} className="cd-column" aria-labelledby={`cd-col-${status}`}>
              <h2 id={`cd-col-${status}`}>
                {STATUS_LABELS[status]} <span className="cd-view-count">{column?.total ?? ''}</span>
              </h2>
              <ul className="cd-cards">
                {column?.rows.map((row) => (
                  <li key={row.id}>
                    <button type="button" className="cd-card" onClick={() => open(row.id)}>
                      <span className="cd-card-headline">{row.headline || 'Untitled'}</span>
                      <span className="cd-card-meta">
                        {[row.byline.join(', '), row.section].filter(Boolean).join(' · ')}
                      </span>
                      <span className="cd-card-meta">
                        {row.wordCount.toLocaleString()} words · waiting {waiting(row)}
                      </span>
                    </button>
                  </li>
                ))}
                {column && column.rows.length === 0 && <li className="cd-help">Nothing here.</li>}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
