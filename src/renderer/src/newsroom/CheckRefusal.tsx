import type { CheckProblem } from '../../../common/check';
import { ReasonForm } from './ReasonForm';

/**
 * An approval the desk refused because its pre-publish check found errors:
 * what it found, and for editors the way past it, with the reason the trail
 * keeps.
 */
export function CheckRefusal({
  problems,
  canOverride,
  busy,
  onOverride,
  onCancel,
}: {
  problems: CheckProblem[];
  canOverride: boolean;
  busy: boolean;
  onOverride: (reason: string) => void;
  onCancel: () => void;
}) {
  return (
    <div className="cd-confirm cd-desk-refusal" role="group" aria-label="The desk’s check found problems">
      {problems.length > 0 && (
        <ul className="cd-check" aria-label="What the desk’s check found">
          {problems.map((p, i) => (
            <li key={`${p.rule}-${i}`} className={`cd-check-item is-${p.severity}`}>
              <span className="cd-check-severity">{p.severity === 'error' ? 'Error' : 'Warning'}</span> {p.message}
            </li>
          ))}
        </ul>
      )}
      {canOverride ? (
        <ReasonForm
          label="Reason to approve anyway"
          submitLabel="Approve anyway"
          busy={busy}
          onSubmit={onOverride}
          onCancel={onCancel}
        />
      ) : (
        <p className="cd-help">Fix the errors, or ask an editor to approve it anyway.</p>
      )}
    </div>
  );
}
