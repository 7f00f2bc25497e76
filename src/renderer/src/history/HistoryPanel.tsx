import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Draft, ImageRecord, Revision, RevisionReason, RevisionSummary } from '../../../common/domain';
import { api, messageOf, unwrap } from '../api';
import { imageUrl } from '../shell/imageUrl';
import { compareWithCurrent, type BodyDiff, type FieldChange, type Piece } from '../../../common/history/compare';
import { ErrorLine } from '../shell/Messages';
import { useHistory } from './historyStore';
import './history.css';

/**
 * The piece's revision history: every kept version, newest first, with what
 * changed against the current text, a name a writer can give one ("sent to
 * legal"), and a restore that keeps what it replaces.
 */

export interface HistoryPanelProps {
  draftId: string;
  /** The version the editor holds; a new one reloads the list. */
  version: number;
  /** Saves the writer's pending edits; runs before a restore. */
  beforeRestore: () => Promise<void>;
  /** After a restore: the editor reloads the piece. */
  onRestored: () => void;
  /**
   * Optional: the editor's version read at the moment of restoring (after
   * beforeRestore's save), for when `version` was rendered before that save.
   */
  latestVersion?: () => number;
}

const REASONS: Record<RevisionReason, string> = {
  autosave: 'Autosave',
  manual: 'Saved by hand',
  status: 'Status change',
  publish: 'Published',
  restore: 'Restored',
};

const PAGE = 50;

function when(iso: string): string {
  return new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function whenExactly(iso: string): string {
  return new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Each version's time as the list shows it: to the minute, or to the second where minutes alone would not tell two apart. */
function timeLabels(revisions: readonly RevisionSummary[]): Map<number, string> {
  const minutes = revisions.map((r) => when(r.createdAt));
  const uses = new Map<string, number>();
  for (const m of minutes) uses.set(m, (uses.get(m) ?? 0) + 1);
  return new Map(revisions.map((r, i) => [r.id, (uses.get(minutes[i]!) ?? 0) > 1 ? whenExactly(r.createdAt) : minutes[i]!]));
}

function fullTime(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: 'full', timeStyle: 'medium' });
}

function signed(n: number): string {
  if (n > 0) return `+${n.toLocaleString()}`;
  if (n < 0) return `\u2212${Math.abs(n).toLocaleString()}`;
  return '\u00b10';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

function describe(revision: RevisionSummary, time: string): string {
  return revision.name ? `“${revision.name}” (${time})` : `the version of ${time}`;
}

export function HistoryPanel({ draftId, version, beforeRestore, onRestored, latestVersion }: HistoryPanelProps) {
  const notice = useHistory((s) => (s.notice?.draftId === draftId && s.notice.version === version ? s.notice : null));
  const setNotice = useHistory((s) => s.setNotice);
  const [revisions, setRevisions] = useState<RevisionSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const [selectedId, setSelectedId] = useState<number | null>(() => notice?.selectId ?? null);
  const [refresh, setRefresh] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    let live = true;
    unwrap(api().revisions.list({ draftId })).then(
      (rows) => {
        if (!live) return;
        setRevisions([...rows].sort((a, b) => b.id - a.id));
        setListError(null);
      },
      (err: unknown) => live && setListError(`The history could not be loaded: ${messageOf(err)}`),
    );
    return () => {
      live = false;
    };
  }, [draftId, version, refresh]);

  const select = (id: number): void => {
    setSelectedId(id);
    if (notice && notice.selectId !== id) setNotice(null);
  };

  /** Up and down arrows move between revisions; Home and End jump to the ends. */
  const onListKey = (event: KeyboardEvent<HTMLOListElement>): void => {
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.cd-rev') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  };

  const selected = revisions?.find((r) => r.id === selectedId) ?? null;
  const byId = useMemo(() => new Map((revisions ?? []).map((r) => [r.id, r])), [revisions]);
  const labels = useMemo(() => timeLabels(revisions ?? []), [revisions]);
  const label = (r: RevisionSummary): string => labels.get(r.id) ?? when(r.createdAt);

  return (
    <div className="cd-history">
      <section className="cd-fields-section" aria-labelledby="cd-history-heading">
        <h2 id="cd-history-heading">History</h2>
        <p className="cd-help">
          A version is kept at every save by hand, status change, publication and restore, and every few minutes while you write. Restoring one never loses the
          text it replaces.
        </p>
        {notice && (
          <p role="status" className="cd-history-notice">
            {notice.message}
          </p>
        )}
        {listError && (
          <p role="alert" className="cd-help is-error">
            {listError}{' '}
            <button type="button" className="cd-link-button" onClick={() => setRefresh((n) => n + 1)}>
              Try again
            </button>
          </p>
        )}
        {revisions === null && !listError && <p className="cd-help">Loading the history…</p>}
        {revisions?.length === 0 && <p className="cd-empty cd-history-empty">No versions yet. The first is kept at the next save.</p>}
        {revisions && revisions.length > 0 && (
          <>
            <ol ref={listRef} className="cd-history-list" aria-label="Versions, newest first" onKeyDown={onListKey}>
              {revisions.slice(0, shown).map((r, i) => {
                const older = revisions[i + 1];
                const delta = older ? r.wordCount - older.wordCount : null;
                const from = r.restoredFrom !== null ? byId.get(r.restoredFrom) : undefined;
                return (
                  <li key={r.id}>
                    <button type="button" className={`cd-rev is-${r.reason}`} aria-current={r.id === selectedId ? 'true' : undefined} onClick={() => select(r.id)}>
                      <span className="cd-rev-top">
                        <time dateTime={r.createdAt} title={fullTime(r.createdAt)}>
                          {label(r)}
                        </time>
                        <span className="cd-rev-reason">{REASONS[r.reason]}</span>
                        {delta === null ? (
                          <span className="cd-rev-delta">{plural(r.wordCount, 'word')}</span>
                        ) : (
                          <span className={`cd-rev-delta${delta > 0 ? ' is-up' : delta < 0 ? ' is-down' : ''}`} title={`${plural(r.wordCount, 'word')} in all`}>
                            {signed(delta)}
                            <span className="cd-sr-only"> words</span>
                          </span>
                        )}
                      </span>
                      {r.name && <span className="cd-rev-name">{r.name}</span>}
                      <span className="cd-rev-meta">
                        {r.author ? `by ${r.author}` : 'author unknown'}
                        {r.draftVersion === version && <span className="cd-badge">Current text</span>}
                        {r.reason === 'restore' && (from ? ` · from ${from.name ? `“${from.name}”` : label(from)}` : r.restoredFrom !== null ? ' · from an earlier version' : '')}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
            {revisions.length > shown && (
              <button type="button" className="cd-small-button cd-history-more" onClick={() => setShown((n) => n + PAGE)}>
                Show {Math.min(PAGE, revisions.length - shown)} older versions
              </button>
            )}
          </>
        )}
      </section>
      {selected ? (
        <RevisionDetail
          key={selected.id}
          draftId={draftId}
          summary={selected}
          time={label(selected)}
          version={version}
          refresh={refresh}
          beforeRestore={beforeRestore}
          latestVersion={latestVersion}
          onRenamed={(updated) => setRevisions((rows) => rows?.map((r) => (r.id === updated.id ? updated : r)) ?? rows)}
          onRestored={(message, restoredVersion) => {
            setNotice({ draftId, selectId: selected.id, message, version: restoredVersion });
            setRefresh((n) => n + 1);
            onRestored();
          }}
        />
      ) : (
        revisions &&
        revisions.length > 0 && <p className="cd-help cd-history-hint">Choose a version to see what changed since, to name it, or to restore it.</p>
      )}
    </div>
  );
}

interface DetailProps {
  draftId: string;
  summary: RevisionSummary;
  /** The version's time as the list shows it. */
  time: string;
  version: number;
  refresh: number;
  beforeRestore: () => Promise<void>;
  latestVersion: (() => number) | undefined;
  onRenamed: (revision: RevisionSummary) => void;
  onRestored: (message: string, version: number) => void;
}

function RevisionDetail({ draftId, summary, time, version, refresh, beforeRestore, latestVersion, onRenamed, onRestored }: DetailProps) {
  const [loaded, setLoaded] = useState<{ revision: Revision; current: Draft } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Draft | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const versionRef = useRef(version);
  useEffect(() => {
    versionRef.current = version;
  }, [version]);

  useEffect(() => {
    let live = true;
    Promise.all([unwrap(api().revisions.get({ id: summary.id })), unwrap(api().drafts.get({ id: draftId }))]).then(
      ([revision, current]) => {
        if (!live) return;
        setLoaded({ revision, current });
        setLoadError(null);
      },
      (err: unknown) => live && setLoadError(`This version could not be opened: ${messageOf(err)}`),
    );
    return () => {
      live = false;
    };
  }, [summary.id, draftId, version, refresh]);

  const comparison = useMemo(() => (loaded ? compareWithCurrent(loaded.revision.snapshot, loaded.current) : null), [loaded]);

  const restore = async (expected?: number): Promise<void> => {
    setBusy(true);
    setRestoreError(null);
    setConflict(null);
    setInfo(null);
    try {
      try {
        await beforeRestore();
      } catch (err) {
        setRestoreError(`Your latest edits could not be saved first, so nothing was restored. ${messageOf(err)}`);
        return;
      }
      const expectedVersion = expected ?? latestVersion?.() ?? versionRef.current;
      const outcome = await unwrap(api().revisions.restore({ id: summary.id, expectedVersion }));
      if (outcome.kind === 'conflict') {
        setConflict(outcome.current);
        return;
      }
      if (outcome.kind === 'unchanged') {
        setInfo('The current text is already the same as this version; nothing needed restoring.');
        return;
      }
      onRestored(
        `Restored ${describe(summary, time)} as a new version at the top of the list. The text it replaced is kept in the list too, so you can restore it to go back.`,
        outcome.draft.version,
      );
    } catch (err) {
      setRestoreError(`The version was not restored: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const headingId = `cd-rev-${summary.id}-heading`;
  return (
    <section className="cd-fields-section cd-rev-detail" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {REASONS[summary.reason]}, {time}
      </h2>
      <NameEditor summary={summary} onRenamed={onRenamed} />
      <div className="cd-actions cd-rev-actions">
        <button type="button" className="cd-button" disabled={busy} onClick={() => void restore()}>
          {busy ? 'Restoring…' : 'Restore this version'}
        </button>
      </div>
      <p className="cd-help">Restoring puts this version&rsquo;s text and fields back as a new version; the current status stays.</p>
      <ErrorLine message={restoreError} />
      {info && (
        <p role="status" className="cd-help">
          {info}
        </p>
      )}
      {conflict && (
        <div className="cd-confirm" role="alert">
          <p>
            This piece was saved again since this panel last looked (it is now at version {conflict.version}), so nothing was restored. Restoring anyway keeps that
            newer text as a version too, so nothing is lost either way.
          </p>
          <button type="button" className="cd-small-button" disabled={busy} onClick={() => void restore(conflict.version)}>
            Restore anyway
          </button>
          <button type="button" className="cd-small-button" onClick={() => setConflict(null)}>
            Cancel
          </button>
        </div>
      )}

      <h3 className="cd-rev-subhead">Changes since this version</h3>
      <ErrorLine message={loadError} />
      {!comparison && !loadError && <p className="cd-help">Comparing…</p>}
      {comparison && (
        <>
          <p className="cd-help cd-diff-legend">
            Compared with the current saved text: <del>struck through</del> is only in this version, <ins>underlined</ins> was added since.
          </p>
          <FieldChanges changes={comparison.fields} />
          <BodyChanges key={`${loaded?.revision.id}-${loaded?.current.version}`} diff={comparison.body} />
        </>
      )}
    </section>
  );
}

function NameEditor({ summary, onRenamed }: { summary: RevisionSummary; onRenamed: (revision: RevisionSummary) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (editing === null) return;
    setSaving(true);
    try {
      onRenamed(await unwrap(api().revisions.rename({ id: summary.id, name: editing.trim() })));
      setEditing(null);
      setError(null);
      requestAnimationFrame(() => startRef.current?.focus());
    } catch (err) {
      setError(`The name was not saved: ${messageOf(err)}`);
    } finally {
      setSaving(false);
    }
  };

  if (editing === null) {
    return (
      <div className="cd-rev-name-row">
        {summary.name ? (
          <p className="cd-rev-name-current">
            Named <strong>“{summary.name}”</strong>
          </p>
        ) : null}
        <button ref={startRef} type="button" className="cd-small-button" onClick={() => setEditing(summary.name)}>
          {summary.name ? 'Rename this version' : 'Name this version'}
        </button>
        <ErrorLine message={error} />
      </div>
    );
  }
  return (
    <form className="cd-rev-name-form" onSubmit={(e) => void submit(e)}>
      <label className="cd-field">
        <span className="cd-label">Name for this version</span>
        <input
        className="cd-rev-name-input"
        autoFocus
        maxLength={200}
        placeholder="e.g. sent to legal"
        value={editing}
        onChange={(e) => setEditing(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            setEditing(null);
            requestAnimationFrame(() => startRef.current?.focus());
          }
        }}
        />
      </label>
      <div className="cd-actions">
        <button type="submit" className="cd-small-button" disabled={saving}>
          Save name
        </button>
        <button
          type="button"
          className="cd-small-button"
          onClick={() => {
            setEditing(null);
            requestAnimationFrame(() => startRef.current?.focus());
          }}
        >
          Cancel
        </button>
      </div>
      <ErrorLine message={error} />
    </form>
  );
}

function Value({ text, kind }: { text: string; kind: 'del' | 'ins' }) {
  if (text === '') return <span className="cd-diff-empty">(empty)</span>;
  return kind === 'del' ? <del>{text}</del> : <ins>{text}</ins>;
}

function Arrow() {
  return (
    <span className="cd-diff-arrow">
      <span aria-hidden="true"> → </span>
      <span className="cd-sr-only"> now </span>
    </span>
  );
}

function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <p className="cd-help">The fields are the same as in this version.</p>;
  return (
    <dl className="cd-diff-fields">
      {changes.map((change, i) => {
        switch (change.kind) {
          case 'text':
            return (
              <div key={i} className="cd-diff-field" data-field={change.label}>
                <dt>{change.label}</dt>
                <dd>
                  <Value text={change.before} kind="del" />
                  <Arrow />
                  <Value text={change.after} kind="ins" />
                  {change.note && <span className="cd-help cd-diff-note"> {change.note}</span>}
                </dd>
              </div>
            );
          case 'list':
            return (
              <div key={i} className="cd-diff-field" data-field={change.label}>
                <dt>{change.label}</dt>
                <dd>
                  <ul className="cd-diff-chips">
                    {change.removed.map((t) => (
                      <li key={`-${t}`} className="cd-diff-chip is-del">
                        <span className="cd-sr-only">removed: </span>
                        <del>{t}</del>
                      </li>
                    ))}
                    {change.added.map((t) => (
                      <li key={`+${t}`} className="cd-diff-chip is-ins">
                        <span className="cd-sr-only">added: </span>
                        <ins>{t}</ins>
                      </li>
                    ))}
                    {change.kept.map((t) => (
                      <li key={`=${t}`} className="cd-diff-chip">
                        {t}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            );
          case 'source':
            return (
              <div key={i} className="cd-diff-field" data-field="Source">
                <dt>{change.change === 'added' ? 'Source added' : change.change === 'removed' ? 'Source removed' : 'Source changed'}</dt>
                <dd>
                  {change.change === 'removed' ? <del>{change.name}</del> : change.change === 'added' ? <ins>{change.name}</ins> : change.name}
                  {change.fields.length > 0 && (
                    <ul className="cd-diff-subfields">
                      {change.fields.map((f) => (
                        <li key={f.label}>
                          {f.label}: <Value text={f.before} kind="del" />
                          <Arrow />
                          <Value text={f.after} kind="ins" />
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
            );
          case 'image':
            return (
              <div key={i} className="cd-diff-field" data-field="Top image">
                <dt>Top image</dt>
                <dd>
                  <ImageLabel id={change.before} kind="del" />
                  <Arrow />
                  <ImageLabel id={change.after} kind="ins" />
                </dd>
              </div>
            );
        }
      })}
    </dl>
  );
}

/** A top image as an editor recognises it: a thumbnail and its caption or alt text and credit. */
function ImageLabel({ id, kind }: { id: string | null; kind: 'del' | 'ins' }) {
  const [record, setRecord] = useState<ImageRecord | null>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    unwrap(api().images.get({ id })).then(
      (r) => live && setRecord(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (id === null) return <span className="cd-diff-empty">(none)</span>;
  const text = record ? [record.caption || record.alt || 'Untitled image', record.credit && `(${record.credit})`].filter(Boolean).join(' ') : `image ${id.slice(0, 8)}`;
  return (
    <span className={`cd-diff-image is-${kind}`}>
      <img src={imageUrl(id)} alt="" width={40} height={28} />
      <Value text={text} kind={kind} />
    </span>
  );
}

function Pieces({ pieces }: { pieces: Piece[] }) {
  return (
    <>
      {pieces.map((p, i) => (p.kind === 'ins' ? <ins key={i}>{p.text}</ins> : p.kind === 'del' ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}
    </>
  );
}

function BodyChanges({ diff }: { diff: BodyDiff }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  return (
    <div className="cd-diff-body-wrap">
      <h4 className="cd-rev-subhead">
        Text
        {diff.changed ? (
          <span className="cd-help">
            {' '}
            {signed(diff.wordsAdded)} / {signed(-diff.wordsRemoved)} words
          </span>
        ) : null}
      </h4>
      {diff.truncated && (
        <p className="cd-help cd-diff-truncated">
          This piece is long: only the first {diff.truncated.limit.toLocaleString()} words of each side are compared here (this version has{' '}
          {diff.truncated.oldWords.toLocaleString()}, the current text {diff.truncated.newWords.toLocaleString()}). Restoring brings back all of it.
        </p>
      )}
      {!diff.changed ? (
        <p className="cd-help">The text is the same as in this version{diff.truncated ? ' as far as it was compared' : ''}.</p>
      ) : (
        <div className="cd-diff-body">
          {diff.blocks.map((block, i) => {
            if (block.kind === 'same') return <p key={i}>{block.text}</p>;
            if (block.kind === 'changed')
              return (
                <p key={i} className="is-changed">
                  <Pieces pieces={block.pieces} />
                </p>
              );
            if (open.has(i)) return block.texts.map((text, j) => <p key={`${i}-${j}`}>{text}</p>);
            return (
              <p key={i} className="cd-diff-fold">
                <button type="button" className="cd-link-button" onClick={() => setOpen(new Set([...open, i]))}>
                  Show {plural(block.texts.length, 'unchanged paragraph')}
                </button>
              </p>
            );
          })}
        </div>
      )}
    </div>
  );
}
