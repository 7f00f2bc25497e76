import { z } from 'zod';

/**
 * A piece's word-count goal: the length the writer aims at ("800 words"),
 * counted by the one word count every screen shows (`wordCount`). A goal is
 * the writer's own aim on this computer, not part of the piece: it is not
 * versioned, exported, published or shared.
 */

/** Ten times a 10,000-word long read: room for any piece, while a typo of extra zeros is refused. */
export const WORD_GOAL_MAX = 100_000;

export const WordGoal = z
  .int('A word goal is a whole number of words, like 800.')
  .min(1, 'A word goal is at least 1 word.')
  .max(WORD_GOAL_MAX, `A word goal is at most ${WORD_GOAL_MAX.toLocaleString('en')} words.`);

/** What the writer typed in the Goal field: a goal, none (empty), or the reason it is not one. */
export function readWordGoal(text: string): { goal: number | null } | { error: string } {
  // Thousands separators as people type them ("1,200", "1 200"); nothing else is read into a number.
  const plain = text.trim().replace(/(?<=\d)[,\s\u00a0\u202f](?=\d{3}\b)/g, '');
  if (plain === '') return { goal: null };
  if (!/^\d+$/.test(plain))
    return { error: `"${text.trim()}" is not a number of words. Type a whole number, like 800.` };
  const parsed = WordGoal.safeParse(Number(plain));
  return parsed.success ? { goal: parsed.data } : { error: parsed.error.issues[0]!.message };
}

export interface GoalProgress {
  /** "640 of 800 words". */
  text: string;
  /** 0 to 100: the progress bar's value; a piece past its goal stays at 100. */
  percent: number;
  reached: boolean;
}

export function goalProgress(words: number, goal: number): GoalProgress {
  return {
    text: `${words.toLocaleString('en')} of ${goal.toLocaleString('en')} words`,
    percent: Math.min(100, Math.floor((words / goal) * 100)),
    reached: words >= goal,
  };
}

/** A piece's goal as the store keeps it. */
export interface PieceWordGoal {
  id: string;
  /** null: the piece has no goal. */
  words: number | null;
}
