import { useEffect } from 'react';
import { goalProgress } from '../../../common/wordGoal';
import { useOpenDraft } from '../editor/openDraftStore';
import { useWordGoal } from './wordGoalStore';
import './goal.css';

/**
 * The status bar's progress towards the open piece's word goal ("640 of 800
 * words" and a bar), from the same live count the status bar shows. Nothing
 * shows while the piece has no goal.
 */
export function GoalProgress({ words }: { words: number }) {
  const draftId = useOpenDraft((s) => s.draftId);
  const goal = useWordGoal((s) => (s.draftId === draftId ? s.words : null));
  useEffect(() => {
    // A goal that cannot be read leaves the piece without a bar; the writing is unaffected.
    if (draftId)
      useWordGoal
        .getState()
        .load(draftId)
        .catch(() => undefined);
  }, [draftId]);
  if (goal === null) return null;
  const progress = goalProgress(words, goal);
  return (
    <span className={`cd-goal${progress.reached ? ' is-reached' : ''}`}>
      <progress
        className="cd-goal-bar"
        max={100}
        value={progress.percent}
        aria-label="Word goal"
        aria-valuetext={progress.text}
      />
      <span>{progress.reached ? `Goal reached: ${progress.text}` : progress.text}</span>
    </span>
  );
}
