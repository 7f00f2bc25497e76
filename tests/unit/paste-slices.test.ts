import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_BUDGET_MS, MAX_BUILD_MS, pasteInSlices, STEP } from '../../src/renderer/src/editor/pasteSlices';

/**
 * A long paste goes in a slice per frame, on Vitest's fake clock: a step
 * (STEP blocks built and inserted) and an editor commit each cost what the
 * test says, and a frame is 16 ms.
 */

const FRAME_MS = 16;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Starts a paste of `steps` steps; records, per commit, whether it was the undo step and the steps it built. */
function paste(steps: number, { stepMs, commitMs }: { stepMs: number; commitMs: number }) {
  const commits: Array<{ first: boolean; steps: number; ranges: Array<[number, number]> }> = [];
  const done = pasteInSlices({
    total: steps * STEP,
    insert: (from, to) => {
      commits.at(-1)!.ranges.push([from, to]);
      commits.at(-1)!.steps++;
      vi.advanceTimersByTime(stepMs);
    },
    commit: (fill, first) => {
      commits.push({ first, steps: 0, ranges: [] });
      fill();
      vi.advanceTimersByTime(commitMs);
    },
    frame: () => new Promise((resolve) => setTimeout(resolve, FRAME_MS)),
  });
  return { commits, done };
}

describe('a long paste', () => {
  it('that fits one step goes in as one commit, the undo step, without waiting a frame', async () => {
    const { commits, done } = paste(1, { stepMs: 50, commitMs: 50 });
    expect(commits).toEqual([{ first: true, steps: 1, ranges: [[0, STEP]] }]);
    expect(await done).toBe(1);
  });

  it('builds until the frame budget is spent, then leaves the frame to the window before the next commit', async () => {
    const { commits, done } = paste(10, { stepMs: 5, commitMs: 0 });
    // 5 ms a step: the third crosses the 12 ms budget.
    expect(commits.map((c) => c.steps)).toEqual([Math.ceil(FRAME_BUDGET_MS / 5)]);
    await vi.advanceTimersByTimeAsync(FRAME_MS - 1);
    expect(commits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(commits).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(FRAME_MS * 10);
    expect(await done).toBe(4);
    expect(commits.map((c) => c.steps)).toEqual([3, 3, 3, 1]);
    // One undo step; the later commits merge into it.
    expect(commits.map((c) => c.first)).toEqual([true, false, false, false]);
    // Every block once, in order.
    expect(commits.flatMap((c) => c.ranges)).toEqual(Array.from({ length: 10 }, (_, i) => [i * STEP, (i + 1) * STEP]));
  });

  it('builds more per commit as commits grow costly, but never past the most one frame may build', async () => {
    const { commits, done } = paste(30, { stepMs: 5, commitMs: 100 });
    await vi.advanceTimersByTimeAsync(FRAME_MS * 10);
    expect(await done).toBe(4);
    // After a 115 ms first commit the budget is the 60 ms cap: twelve 5 ms steps a commit.
    expect(commits.map((c) => c.steps)).toEqual([3, MAX_BUILD_MS / 5, MAX_BUILD_MS / 5, 3]);
  });

  it('goes back to the frame budget when commits turn cheap again', async () => {
    let commitMs = 100;
    const commits: number[] = [];
    const done = pasteInSlices({
      total: 40 * STEP,
      insert: () => {
        commits[commits.length - 1]!++;
        vi.advanceTimersByTime(5);
      },
      commit: (fill) => {
        commits.push(0);
        fill();
        vi.advanceTimersByTime(commitMs);
        commitMs = 0;
      },
      frame: () => new Promise((resolve) => setTimeout(resolve, FRAME_MS)),
    });
    await vi.advanceTimersByTimeAsync(FRAME_MS * 40);
    await done;
    expect(commits.slice(0, 3)).toEqual([3, MAX_BUILD_MS / 5, 3]);
  });
});
