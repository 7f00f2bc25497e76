import { useState } from 'react';
import { readWordGoal } from '../../../common/wordGoal';
import { messageOf } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import { useWordGoal } from './wordGoalStore';

const HELP = 'How long the piece should be; the status bar shows how far it is. Empty: no goal.';

/**
 * The fields pane's "Word goal": typed as a number, kept when the field is
 * left or Enter is pressed. What is not a goal stays on screen with the
 * reason, and the goal kept before stays.
 */
export function WordGoalField() {
  const words = useWordGoal((s) => s.words);
  // Drawn afresh with the goal as kept, whenever that changes (read at opening, or kept from here).
  return <GoalInput key={String(words)} words={words} />;
}

function GoalInput({ words }: { words: number | null }) {
  const draftId = useOpenDraft((s) => s.draftId);
  const [text, setText] = useState(words === null ? '' : String(words));
  const [error, setError] = useState<string | null>(null);

  const keep = async (): Promise<void> => {
    if (!draftId) return;
    const read = readWordGoal(text);
    if ('error' in read) return setError(read.error);
    setError(null);
    if (read.goal === words) return setText(read.goal === null ? '' : String(read.goal));
    try {
      await useWordGoal.getState().save(draftId, read.goal);
    } catch (err) {
      setError(`The goal was not kept: ${messageOf(err)}`);
    }
  };

  return (
    <section className="cd-fields-section" aria-labelledby="cd-goal-heading">
      <h2 id="cd-goal-heading">Goal</h2>
      <div className="cd-field">
        <label className="cd-label" htmlFor="cd-word-goal">
          Word goal
        </label>
        <input
          id="cd-word-goal"
          inputMode="numeric"
          placeholder="e.g. 800"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => void keep()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void keep();
          }}
          aria-invalid={error !== null}
          aria-describedby="cd-word-goal-help"
        />
        <span
          id="cd-word-goal-help"
          className={error ? 'cd-help is-error' : 'cd-help'}
          role={error ? 'alert' : undefined}
        >
          {error ?? HELP}
        </span>
      </div>
    </section>
  );
}
