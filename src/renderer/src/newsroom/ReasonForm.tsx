import { useState } from 'react';

/** A reason the desk requires (a note sent back to the writer, or why an approval overrides the check): the button waits for it. */
export function ReasonForm({
  label,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: (reason: string) => void;
  onCancel?: () => void;
}) {
  const [reason, setReason] = useState('');
  const given = reason.trim();
  return (
    <form
      className="cd-desk-reason"
      onSubmit={(e) => {
        e.preventDefault();
        if (given) onSubmit(given);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onCancel) {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <label className="cd-field">
        <span className="cd-label">{label}</span>
        <input autoFocus required maxLength={4000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="cd-actions">
        <button type="submit" className="cd-small-button" disabled={busy || given === ''}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="cd-small-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
