import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RevisionSummary } from '../../../common/domain';
import { fullTime, plural, signed, timeLabels, when } from '../shell/format';
import { useHistory } from './historyStore';
import { RevisionDetail } from './RevisionDetail';
import { describeRevision, REASONS } from './revisionText';
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

const PAGE = 50;

export function HistoryPanel({ draftId, version, beforeRestore, onRestored, latestVersion }: HistoryPanelProps) {
  const notice = useHistory((s) => (s.notice?.draftId === draftId && s.notice.version === version ? s.notice : null));
  const setNotice = useHistory((s) => s.setNotice);
  // Another piece's list, while this one's loads, is not this piece's history.
  const revisions = useHistory((s) => (s.draftId === draftId ? s.revisions : null));
  const listError = useHistory((s) => (s.draftId === draftId ? s.listError : null));
  const [shown, setShown] = useState(PAGE);
  const [selectedId, setSelectedId] = useState<number | null>(() => notice?.selectId ?? null);
  const [refresh, setRefresh] = useState(0);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    void useHistory.getState().load(draftId);
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
          A version is kept at every save by hand, status change, publication and restore, and every few minutes while
          you write. Restoring one never loses the text it replaces.
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
        {revisions?.length === 0 && (
          <p className="cd-empty cd-history-empty">No versions yet. The first is kept at the next save.</p>
        )}
        {revisions && revisions.length > 0 && (
          <>
            <ol ref={listRef} className="cd-history-list" aria-label="Versions, newest first" onKeyDown={onListKey}>
              {revisions.slice(0, shown).map((r, i) => {
                const older = revisions[i + 1];
                const delta = older ? r.wordCount - older.wordCount : null;
                const from = r.restoredFrom !== null ? byId.get(r.restoredFrom) : undefined;
                return (
                  <li key={r.id}>
                    <button
                      type="button"
                      className={`cd-rev is-${r.reason}`}
                      aria-current={r.id === selectedId ? 'true' : undefined}
                      onClick={() => select(r.id)}
                    >
                      <span className="cd-rev-top">
                        <time dateTime={r.createdAt} title={fullTime(r.createdAt)}>
                          {label(r)}
                        </time>
                        <span className="cd-rev-reason">{REASONS[r.reason]}</span>
                        {delta === null ? (
                          <span className="cd-rev-delta">{plural(r.wordCount, 'word')}</span>
                        ) : (
                          <span
                            className={`cd-rev-delta${delta > 0 ? ' is-up' : delta < 0 ? ' is-down' : ''}`}
                            title={`${plural(r.wordCount, 'word')} in all`}
                          >
                            {signed(delta)}
                            <span className="cd-sr-only"> words</span>
                          </span>
                        )}
                      </span>
                      {r.name && <span className="cd-rev-name">{r.name}</span>}
                      <span className="cd-rev-meta">
                        {r.author ? `by ${r.author}` : 'author unknown'}
                        {r.draftVersion === version && <span className="cd-badge">Current text</span>}
                        {r.reason === 'restore' &&
                          (from
                            ? ` · from ${from.name ? `“${from.name}”` : label(from)}`
                            : r.restoredFrom !== null
                              ? ' · from an earlier version'
                              : '')}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
            {revisions.length > shown && (
              <button
                type="button"
                className="cd-small-button cd-history-more"
                onClick={() => setShown((n) => n + PAGE)}
              >
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
          others={revisions!
            .filter((r) => r.id !== selected.id)
            .map((r) => ({ id: r.id, label: `${describeRevision(r, label(r))}, ${REASONS[r.reason].toLowerCase()}` }))}
          onRestored={(message, restoredVersion) => {
            setNotice({ draftId, selectId: selected.id, message, version: restoredVersion });
            setRefresh((n) => n + 1);
            onRestored();
          }}
        />
      ) : (
        revisions &&
        revisions.length > 0 && (
          <p className="cd-help cd-history-hint">
            Choose a version to see what changed since, or between it and another version, to name it, or to restore it.
          </p>
        )
      )}
    </div>
  );
}
