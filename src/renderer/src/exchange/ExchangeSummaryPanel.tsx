import { ErrorLine } from '../shell/Messages';
import { useExchange } from './exchangeStore';

/** What an export or import did: every file written or brought in, and every one skipped with its reason. */
export function ExchangeSummaryPanel() {
  const { busy, jobId, summary, error, cancel, dismiss } = useExchange();
  if (!busy && !summary && !error) return null;
  return (
    <section className="cd-summary" role="status" aria-label="Export and import">
      {busy && (
        <p>
          {busy}{' '}
          {jobId && (
            <button type="button" className="cd-small-button" onClick={cancel}>
              Cancel
            </button>
          )}
        </p>
      )}
      <ErrorLine message={error} />
      {summary?.kind === 'export' && (
        <>
          <p>
            {summary.result.cancelled ? 'Cancelled after exporting' : 'Exported'} {summary.result.written.length}{' '}
            {summary.result.written.length === 1 ? 'piece' : 'pieces'} to {summary.dir}
            {summary.result.failed.length > 0 && `; ${summary.result.failed.length} failed`}.
          </p>
          <ul>
            {summary.result.written.slice(0, 20).map((w) => (
              <li key={w.path}>
                {w.path}
                <Warnings messages={w.warnings} />
              </li>
            ))}
            {summary.result.failed.map((f) => (
              <li key={f.id} className="cd-help is-error">
                {f.headline || 'Untitled'}: {f.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {summary?.kind === 'import' && (
        <>
          <p>
            Imported {summary.result.imported.length} {summary.result.imported.length === 1 ? 'file' : 'files'}
            {summary.result.failed.length > 0 && `; skipped ${summary.result.failed.length}`}.
          </p>
          <ul>
            {summary.result.imported.map((i) => (
              <li key={i.id}>
                {i.headline || 'Untitled'}
                <Warnings messages={i.warnings} />
              </li>
            ))}
            {summary.result.failed.map((f) => (
              <li key={f.path} className="cd-help is-error">
                {f.path}: {f.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {!busy && (
        <button type="button" className="cd-small-button" onClick={dismiss}>
          Close
        </button>
      )}
    </section>
  );
}

/** What a converted piece lost or changed, after its name. */
function Warnings({ messages }: { messages: string[] }) {
  return (
    <>
      {messages.map((m) => (
        <span key={m} className="cd-help">
          {' '}
          — {m}
        </span>
      ))}
    </>
  );
}
