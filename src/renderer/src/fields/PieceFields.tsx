import { useEffect, useId } from 'react';
import { SLUG_PATTERN, STATUS_LABELS, tagKey } from '../../../common/domain';
import { PIECE_DATE_HELP } from '../../../common/pieceDate';
import { isSavableDate, useOpenDraft } from '../editor/openDraftStore';
import { useLibrary } from '../library/libraryStore';
import { useTags } from '../tags/tagsStore';
import { ChipsInput } from './ChipsInput';

const DATE_FIELDS = [
  { key: 'datePublished', label: 'Published', help: 'First published (kept from an archive); sent to the CMS.' },
  { key: 'dateModified', label: 'Updated', help: 'Last updated after publication.' },
] as const;

/** Byline, section, slug, status, dates and tags: the piece's catalogue card. */
export function PieceFields() {
  const { byline, section, slug, status, tags, update, datePublished, dateModified } = useOpenDraft();
  const dates = { datePublished, dateModified };
  const sections = useLibrary((s) => s.sections);
  const authors = useLibrary((s) => s.authors);
  const tagSuggestions = useTags((s) => s.suggestions);
  const sectionList = useId();
  const slugError = slug !== '' && !SLUG_PATTERN.test(slug);

  useEffect(() => {
    void useLibrary.getState().loadFacets(true);
    void useTags.getState().suggest('');
  }, []);

  return (
    <section className="cd-fields-section" aria-labelledby="cd-piece-heading">
      <h2 id="cd-piece-heading">Piece</h2>
      <div className="cd-field">
        <span className="cd-label">Byline</span>
        <ChipsInput
          label="Authors"
          values={byline}
          onChange={(v) => update({ byline: v })}
          suggestions={authors}
          placeholder="Add an author"
          same={(a, b) => a === b}
        />
      </div>
      <label className="cd-field">
        <span className="cd-label">Section</span>
        <input
          className="cd-section-input"
          value={section}
          list={sectionList}
          onChange={(e) => update({ section: e.target.value })}
          placeholder="Choose or type a section"
        />
        <datalist id={sectionList}>
          {sections.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </label>
      {/* Not a wrapping <label>: its help text would become part of the field's name. */}
      <div className="cd-field">
        <label className="cd-label" htmlFor="cd-slug">
          Slug
        </label>
        <input
          id="cd-slug"
          value={slug}
          onChange={(e) => update({ slug: e.target.value })}
          aria-invalid={slugError}
          aria-describedby="cd-slug-help"
          spellCheck={false}
        />
        <span id="cd-slug-help" className={slugError ? 'cd-help is-error' : 'cd-help'}>
          {slugError ? 'Use lower-case letters, digits and single hyphens.' : 'Follows the headline until you edit it.'}
        </span>
      </div>
      <div className="cd-field">
        <span className="cd-label">Status</span>
        <span className={`cd-status cd-status-${status}`}>{STATUS_LABELS[status]}</span>
      </div>
      {DATE_FIELDS.map((f) => {
        const invalid = !isSavableDate(dates[f.key]);
        return (
          <label key={f.key} className="cd-field">
            <span className="cd-label">{f.label}</span>
            <input
              aria-label={f.label}
              value={dates[f.key]}
              onChange={(e) => update({ [f.key]: e.target.value })}
              placeholder="YYYY-MM-DD"
              aria-invalid={invalid}
              aria-describedby={`cd-${f.key}-help`}
              spellCheck={false}
            />
            <span id={`cd-${f.key}-help`} className={invalid ? 'cd-help is-error' : 'cd-help'}>
              {invalid ? PIECE_DATE_HELP : f.help}
            </span>
          </label>
        );
      })}
      <div className="cd-field">
        <span className="cd-label">Tags</span>
        <ChipsInput
          label="Tags"
          values={tags}
          onChange={(v) => update({ tags: v })}
          suggestions={tagSuggestions}
          onQuery={(prefix) => void useTags.getState().suggest(prefix)}
          placeholder="Add a tag"
          same={(a, b) => tagKey(a) === tagKey(b)}
        />
      </div>
    </section>
  );
}
