import { useEffect, useMemo, useRef, useState } from 'react';
import type { Draft, RevisionSummary } from '../../../common/domain';
import { compareWithCurrent } from '../../../common/history/compare';
import { messageOf } from '../api';
import { ErrorLine } from '../shell/Messages';
import { useAsyncAction } from '../shell/useAsyncAction';
import { BodyChanges } from './BodyChanges';
import { FieldChanges } from './FieldChanges';
import { useHistory } from './historyStore';
import { NameEditor } from './NameEditor';
import { describeRevision, REASONS } from './revisionText';
import { useVersionPair } from './useVersionPair';

/** Another kept version this one can be compared with, as the picker names it. */
export interface OtherVersion {
  id: number;
  label: string;
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
  onRestored: (message: string, version: number) => void;
  /** The piece's other kept versions, newest first. */
  others: OtherVersion[];
}

/** One kept version: its name, a restore that keeps what it replaces, and what changed since. */
export function RevisionDetail({
  draftId,
  summary,
  time,
  version,
  refresh,
  beforeRestore,
  latestVersion,
  onRestored,
  others,
}: DetailProps) {
  const loaded = useHistory((s) => (s.comparison?.revision.id === summary.id ? s.comparison : null));
  const loadError = useHistory((s) =>
    s.comparisonError?.revisionId === summary.id ? s.comparisonError.message : null,
  );
  const {
    busy,
    error: restoreError,
    setError: setRestoreError,
    run,
  } = useAsyncAction('The version was not restored: ');
  const [conflict, setConflict] = useState<Draft | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const versionRef = useRef(version);
  useEffect(() => {
    versionRef.current = version;
  }, [version]);

  useEffect(() => {
    void useHistory.getState().compare(summary.id, draftId);
  }, [summary.id, draftId, version, refresh]);

  const withCurrent = useMemo(
    () => (loaded ? compareWithCurrent(loaded.revision.snapshot, loaded.current) : null),
    [loaded],
  );
  // Compared with the current text, or with another kept version the writer picks.
  const [against, setAgainst] = useState<number | null>(null);
  const pair = useVersionPair(summary.id, against);
  const comparison = pair ? (pair.kind === 'ready' ? pair.comparison : null) : withCurrent;
  const compareError = pair ? (pair.kind === 'error' ? pair.message : null) : loadError;
  const otherLabel = others.find((o) => o.id === against)?.label;

  const restore = (expected?: number): Promise<void> => {
    setConflict(null);
    setInfo(null);
    return run(async () => {
      try {
        await beforeRestore();
      } catch (err) {
        setRestoreError(`Your latest edits could not be saved first, so nothing was restored. ${messageOf(err)}`);
        return;
      }
      const expectedVersion = expected ?? latestVersion?.() ?? versionRef.current;
      const outcome = await useHistory.getState().restore(summary.id, expectedVersion);
      if (outcome.kind === 'conflict') {
        setConflict(outcome.current);
        return;
      }
      if (outcome.kind === 'unchanged') {
        setInfo('The current text is already the same as this version; nothing needed restoring.');
        return;
      }
      onRestored(
        `Restored ${describeRevision(summary, time)} as a new version at the top of the list. The text it replaced is kept in the list too, so you can restore it to go back.`,
        outcome.draft.version,
      );
    });
  };

  const headingId = `cd-rev-${summary.id}-heading`;
  return (
    <section className="cd-fields-section cd-rev-detail" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {REASONS[summary.reason]}, {time}
      </h2>
      <NameEditor summary={summary} />
      <div className="cd-actions cd-rev-actions">
        <button type="button" className="cd-button" disabled={busy} onClick={() => void restore()}>
          {busy ? 'Restoring…' : 'Restore this version'}
        </button>
      </div>
      <p className="cd-help">
        Restoring puts this version&rsquo;s text and fields back as a new version; the current status stays.
      </p>
      <ErrorLine message={restoreError} />
      {info && (
        <p role="status" className="cd-help">
          {info}
        </p>
      )}
      {conflict && (
        <div className="cd-confirm" role="alert">
          <p>
            This piece was saved again since this panel last looked (it is now at version {conflict.version}), so
            nothing was restored. Restoring anyway keeps that newer text as a version too, so nothing is lost either
            way.
          </p>
          <button
            type="button"
            className="cd-small-button"
            disabled={busy}
            onClick={() => void restore(conflict.version)}
          >
            Restore anyway
          </button>
          <button type="button" className="cd-small-button" onClick={() => setConflict(null)}>
            Cancel
          </button>
        </div>
      )}

      <h3 className="cd-rev-subhead">
        {against === null ? 'Changes since this version' : 'Changes between two versions'}
      </h3>
      {others.length > 0 && (
        <label className="cd-field cd-rev-against">
          <span className="cd-label">Compare with</span>
          <select
            value={against ?? 'current'}
            onChange={(e) => setAgainst(e.target.value === 'current' ? null : Number(e.target.value))}
          >
            <option value="current">The current text</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <ErrorLine message={compareError} />
      {!comparison && !compareError && <p className="cd-help">Comparing…</p>}
      {comparison && (
        <>
          <p className="cd-help cd-diff-legend">
            {against === null ? (
              <>
                Compared with the current saved text: <del>struck through</del> is only in this version,{' '}
                <ins>underlined</ins> was added since.
              </>
            ) : (
              <>
                Compared with {otherLabel}: <del>struck through</del> is only in the older of the two,{' '}
                <ins>underlined</ins> only in the newer.
              </>
            )}
          </p>
          <FieldChanges changes={comparison.fields} />
          <BodyChanges
            key={against === null ? `${loaded?.revision.id}-${loaded?.current.version}` : `pair-${against}`}
            diff={comparison.body}
          />
        </>
      )}
    </section>
  );
}
