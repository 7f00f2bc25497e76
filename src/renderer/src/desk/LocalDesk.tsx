import { useEffect, useState, type ReactNode } from 'react';
import { STATUS_LABELS, type DraftSummary } from '../../../common/domain';
import { useLibrary } from '../library/libraryStore';
import { FilterSelect } from '../shell/FilterSelect';
import { useShell } from '../shell/shellStore';
import { useTags } from '../tags/tagsStore';
import { DESK_COLUMNS, useDesk } from './deskStore';

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
export function LocalDesk({ modeSwitch }: { modeSwitch: ReactNode }) {
  const { columns, error } = useDesk();
  const sections = useLibrary((s) => s.sections);
  const tags = useTags((s) => s.tags) ?? [];
  const [section, setSection] = useState('');
  const [tag, setTag] = useState('');

  useEffect(() => {
    void useLibrary.getState().loadFacets();
    void useTags.getState().load();
  }, []);

  useEffect(() => {
    void useDesk.getState().load({ section, tag });
  }, [section, tag]);

  const open = (id: string): void => {
    useLibrary.getState().select(id);
    useShell.getState().setView('write');
  };

  return (
    <main className="cd-desk-view">
      <div className="cd-desk-head">
        <h1>Desk</h1>
        {modeSwitch}
        <FilterSelect
          className="cd-control"
          label="Desk section"
          all="All sections"
          value={section}
          choices={sections.map((s) => [s, s] as const)}
          onChange={setSection}
        />
        <FilterSelect
          className="cd-control"
          label="Desk tag"
          all="All tags"
          value={tag}
          choices={tags.map((t) => [t.name, t.name] as const)}
          onChange={setTag}
        />
      </div>
      {error && (
        <p role="alert" className="cd-error">
          {error}
        </p>
      )}
      <div className="cd-columns">
        {DESK_COLUMNS.map((status) => {
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
    </main>
  );
}
