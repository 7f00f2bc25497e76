import { useState } from 'react';
import type { CheckSettings } from '../../../common/check';
import { useAsyncAction } from '../shell/useAsyncAction';
import { useCheckRules } from './checkRulesStore';

/**
 * Saving one list of the check rules (the house style, the newsroom
 * dictionary): the whole rules with that list changed, and on the screen
 * what it did, or why it was refused or failed (`failure` names what was not saved).
 */
export function useRulesListSave(
  settings: CheckSettings,
  failure: string,
): {
  status: string | null;
  error: string | null;
  save: (change: Partial<CheckSettings>, message: string) => Promise<void>;
  refuse: (problem: string) => void;
} {
  const [status, setStatus] = useState<string | null>(null);
  const { error, setError, run } = useAsyncAction(failure);
  const save = (change: Partial<CheckSettings>, message: string): Promise<void> => {
    setStatus(null);
    return run(async () => {
      await useCheckRules.getState().save({ ...settings, ...change });
      setStatus(message);
    });
  };
  const refuse = (problem: string): void => {
    setStatus(null);
    setError(problem);
  };
  return { status, error, save, refuse };
}

/** A list entry's Remove button, named for the entry to a screen reader. */
export function RemoveButton({
  label,
  disabled,
  onRemove,
}: {
  label: string;
  disabled: boolean;
  onRemove: () => void;
}) {
  return (
    <button type="button" className="cd-small-button" disabled={disabled} aria-label={label} onClick={onRemove}>
      Remove
    </button>
  );
}
