import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { TagUsage } from '../../../common/api';
import { tagKey } from '../../../common/domain';
import { plural } from '../shell/format';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { DeskVocabulary } from './DeskVocabulary';
import { useTags } from './tagsStore';
import './tags.css';

/**
 * The shared tag vocabulary: every tag with how many pieces carry it and an
 * optional description, and the editor's tools to keep it tidy: rename
 * everywhere, merge two into one, delete with the count of pieces affected.
 */

type SortKey = 'name' | 'count';
type Action = { tag: string; kind: 'rename' | 'merge' | 'delete' };

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const pieces = (n: number): string => plural(n, 'piece');

export function TagsScreen() {
  const tags = useTags((s) => s.tags);
  const loadError = useTags((s) => s.loadError);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'name', descending: false });
  const [action, setAction] = useState<Action | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const reload = useCallback(() => void useTags.getState().load(), []);
  useEffect(reload, [reload]);

  /** After an action (the store loads the vocabulary again): say what happened, close the form. */
  const done = useCallback((message: string) => {
    setStatus(message);
    setAction(null);
  }, []);

  const visible = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    const rows = (tags ?? []).filter(
      (t) =>
        !needle || t.name.toLocaleLowerCase().includes(needle) || t.description.toLocaleLowerCase().includes(needle),
    );
    const direction = sort.descending ? -1 : 1;
    const byName = (a: TagUsage, b: TagUsage): number => collator.compare(a.name, b.name);
    // Equal counts stay in name order whichever way the counts run.
    rows.sort(
      sort.key === 'name'
        ? (a, b) => direction * byName(a, b)
        : (a, b) => direction * (a.count - b.count) || byName(a, b),
    );
    return rows;
  }, [tags, filter, sort]);

  const sortBy = (key: SortKey): void =>
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key === 'count' }));
  const ariaSort = (key: SortKey): 'ascending' | 'descending' | 'none' =>
    sort.key !== key ? 'none' : sort.descending ? 'descending' : 'ascending';
  const arrow = (key: SortKey) =>
    sort.key === key ? (
      <span aria-hidden="true" className="cd-sort-arrow">
        {sort.descending ? ' ↓' : ' ↑'}
      </span>
    ) : null;

  return (
    <main className="cd-tags-view">
      <div className="cd-tags-head">
        <h1 id="cd-tags-heading">Tags</h1>
        <label className="cd-tags-filter">
          <span className="cd-label">Filter tags</span>
          <input
            type="search"
            className="cd-control"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Name or description"
          />
        </label>
        {tags && (
          <span className="cd-help cd-tags-total">
            {filter.trim()
              ? `${visible.length} of ${tags.length} tags`
              : `${tags.length.toLocaleString()} ${tags.length === 1 ? 'tag' : 'tags'}`}
          </span>
        )}
      </div>
      <p className="cd-help cd-tags-intro">
        Renaming, merging and deleting change every piece that carries the tag, in one step. Counts leave out pieces in
        the trash.
      </p>
      <DeskVocabulary />
      <div role="status" className="cd-screen-status cd-tags-status">
        {status}
      </div>
      {loadError && (
        <p role="alert" className="cd-error">
          {loadError}{' '}
          <button type="button" className="cd-link-button" onClick={reload}>
            Try again
          </button>
        </p>
      )}
      {tags === null && !loadError && <p className="cd-help">Loading the tags…</p>}
      {tags?.length === 0 && (
        <div className="cd-empty cd-tags-empty">
          <p>No tags yet.</p>
          <p className="cd-hint">Tags appear here as soon as a piece is tagged in its Fields pane.</p>
        </div>
      )}
      {tags && tags.length > 0 && visible.length === 0 && (
        <p className="cd-empty cd-tags-empty">No tag matches “{filter.trim()}”.</p>
      )}
      {tags && visible.length > 0 && (
        <table className="cd-tags-table" aria-labelledby="cd-tags-heading">
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort('name')}>
                <button type="button" className="cd-sort-button" onClick={() => sortBy('name')}>
                  Tag{arrow('name')}
                </button>
              </th>
              <th scope="col" aria-sort={ariaSort('count')} className="cd-tags-count">
                <button type="button" className="cd-sort-button" onClick={() => sortBy('count')}>
                  Pieces{arrow('count')}
                </button>
              </th>
              <th scope="col">Description</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((tag) => (
              <TagRow
                key={tag.name}
                tag={tag}
                all={tags}
                action={action?.tag === tag.name ? action.kind : null}
                setAction={(kind) => {
                  setStatus(null);
                  setAction(kind ? { tag: tag.name, kind } : null);
                }}
                done={done}
              />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

interface RowProps {
  tag: TagUsage;
  all: TagUsage[];
  action: Action['kind'] | null;
  setAction: (kind: Action['kind'] | null) => void;
  done: (message: string) => void;
}

function TagRow({ tag, all, action, setAction, done }: RowProps) {
  const actionsRef = useRef<HTMLDivElement>(null);
  const close = (): void => {
    setAction(null);
    requestAnimationFrame(() => actionsRef.current?.querySelector('button')?.focus());
  };
  return (
    <tr className={action ? 'is-active' : undefined}>
      <th scope="row" className="cd-tags-name">
        {tag.name}
      </th>
      <td className="cd-tags-count">{tag.count.toLocaleString()}</td>
      <td className="cd-tags-description">
        <DescriptionEditor tag={tag} />
      </td>
      <td className="cd-tags-actions">
        {action === null ? (
          <div ref={actionsRef} className="cd-actions" role="group" aria-label={`Actions for ${tag.name}`}>
            <button type="button" className="cd-small-button" onClick={() => setAction('rename')}>
              Rename
            </button>
            <button
              type="button"
              className="cd-small-button"
              onClick={() => setAction('merge')}
              disabled={all.length < 2}
            >
              Merge into…
            </button>
            <button type="button" className="cd-small-button is-danger" onClick={() => setAction('delete')}>
              Delete
            </button>
          </div>
        ) : action === 'rename' ? (
          <RenameForm tag={tag} onCancel={close} done={done} onMerge={() => setAction('merge')} />
        ) : action === 'merge' ? (
          <MergeForm tag={tag} all={all} onCancel={close} done={done} />
        ) : (
          <DeleteConfirm tag={tag} onCancel={close} done={done} />
        )}
      </td>
    </tr>
  );
}

/** Saved when the field loses focus; Escape puts the saved text back. */
function DescriptionEditor({ tag }: { tag: TagUsage }) {
  const [value, setValue] = useState(tag.description);
  const [saved, setSaved] = useState(tag.description);
  // The list was loaded again with another description (changed elsewhere): show that one.
  if (saved !== tag.description) {
    setSaved(tag.description);
    setValue(tag.description);
  }
  const [done, setDone] = useState(false);
  const { busy: saving, error, setError, run } = useAsyncAction('The description was not saved: ');

  const save = async (): Promise<void> => {
    const next = value.trim();
    if (next === saved.trim()) return;
    setDone(false);
    await run(async () => {
      const usage = await useTags.getState().describe(tag.name, next);
      setSaved(usage.description);
      setValue(usage.description);
      setDone(true);
    });
  };

  return (
    <>
      <textarea
        className="cd-tags-description-input"
        aria-label={`Description of ${tag.name}`}
        rows={1}
        maxLength={2000}
        placeholder="Add a description"
        value={value}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setDone(false);
        }}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setValue(saved);
            setError(null);
          } else if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <span className="cd-help cd-tags-saved" aria-live="polite">
        {saving ? 'Saving…' : done ? 'Saved' : ''}
      </span>
      <ErrorLine message={error} />
    </>
  );
}

interface FormProps {
  tag: TagUsage;
  onCancel: () => void;
  done: (message: string) => void;
}

function RenameForm({ tag, onCancel, done, onMerge }: FormProps & { onMerge: () => void }) {
  const [to, setTo] = useState(tag.name);
  const { busy, error, setError, run } = useAsyncAction();
  // A name another tag already has is a merge, and the store says so.
  const clash = error !== null && /merge/i.test(error);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const next = to.trim().replace(/\s+/g, ' ');
    if (next === '') return setError('A tag needs a name.');
    if (next === tag.name) return onCancel();
    await run(async () => {
      const usage = await useTags.getState().rename(tag.name, next);
      done(`Renamed “${tag.name}” to “${usage.name}” on ${pieces(usage.count)}.`);
    });
  };

  return (
    <form className="cd-tags-form" onSubmit={(e) => void submit(e)} aria-label={`Rename ${tag.name}`}>
      <label className="cd-field">
        <span className="cd-label">New name for “{tag.name}”</span>
        <input
          autoFocus
          value={to}
          maxLength={100}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setTo(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        />
      </label>
      {error && (
        <div role="alert" className="cd-help is-error">
          {error}
          {clash && tagKey(to) !== tagKey(tag.name) && (
            <>
              {' '}
              <button type="button" className="cd-link-button" onClick={onMerge}>
                Merge instead
              </button>
            </>
          )}
        </div>
      )}
      <div className="cd-actions">
        <button type="submit" className="cd-small-button" disabled={busy}>
          Rename
        </button>
        <button type="button" className="cd-small-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function MergeForm({ tag, all, onCancel, done }: FormProps & { all: TagUsage[] }) {
  const others = useMemo(
    () => all.filter((t) => t.name !== tag.name).sort((a, b) => collator.compare(a.name, b.name)),
    [all, tag.name],
  );
  const [into, setInto] = useState('');
  const { busy, error, setError, run } = useAsyncAction();
  const target = others.find((t) => t.name === into);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!target) return setError('Choose the tag to merge into.');
    await run(async () => {
      const usage = await useTags.getState().merge(tag.name, target.name);
      done(`Merged “${tag.name}” into “${usage.name}”, which is now on ${pieces(usage.count)}.`);
    });
  };

  return (
    <form className="cd-tags-form" onSubmit={(e) => void submit(e)} aria-label={`Merge ${tag.name}`}>
      <label className="cd-field">
        <span className="cd-label">Merge “{tag.name}” into</span>
        <select
          className="cd-control"
          autoFocus
          value={into}
          onChange={(e) => {
            setInto(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => e.key === 'Escape' && onCancel()}
        >
          <option value="">Choose a tag…</option>
          {others.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.count})
            </option>
          ))}
        </select>
      </label>
      {target && (
        <p className="cd-help cd-tags-consequence">
          {tag.count === 0
            ? `No piece carries “${tag.name}”; it will simply be removed.`
            : `${pieces(tag.count)} will move from “${tag.name}” to “${target.name}”, and “${tag.name}” will be gone.`}
        </p>
      )}
      <ErrorLine message={error} />
      <div className="cd-actions">
        <button type="submit" className="cd-small-button" disabled={busy || !target}>
          Merge
        </button>
        <button type="button" className="cd-small-button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteConfirm({ tag, onCancel, done }: FormProps) {
  const { busy, error, run } = useAsyncAction();

  const remove = (): Promise<void> =>
    run(async () => {
      const result = await useTags.getState().remove(tag.name);
      done(
        `Deleted “${result.name}”; ${result.affected === 0 ? 'no piece carried it' : `${pieces(result.affected)} lost it`}.`,
      );
    });

  return (
    <div className="cd-confirm cd-tags-confirm" role="group" aria-label={`Delete ${tag.name}`}>
      <p>{tag.count === 0 ? `No piece carries “${tag.name}”.` : `${pieces(tag.count)} will lose this tag.`}</p>
      <button
        type="button"
        className="cd-small-button is-danger"
        autoFocus
        disabled={busy}
        onClick={() => void remove()}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        Delete “{tag.name}”
      </button>
      <button type="button" className="cd-small-button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorLine message={error} />
    </div>
  );
}
