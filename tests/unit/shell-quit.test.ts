import { describe, expect, it } from 'vitest';
import type { PublishJob } from '../../src/common/publish';
import { guardQuit, quitQuestion, type QuitQuestion } from '../../src/main/shell/quitGuard';

/** Quitting with publishes still waiting: what is asked, and when the app really quits. */

function job(overrides: Partial<PublishJob>): PublishJob {
  return {
    id: 'j1',
    draftId: 'd1',
    targetId: 't1',
    targetName: 'Newsroom WordPress',
    remoteStatus: 'publish',
    state: 'done',
    step: 'done',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    remoteId: '42',
    url: 'https://news.example.com/story',
    createdAt: '2026-12-02T10:00:00.000Z',
    updatedAt: '2026-12-02T10:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the question before quitting', () => {
  it('is not asked when every publish went out, failed for good or was cancelled', () => {
    expect(quitQuestion([])).toBeNull();
    expect(
      quitQuestion([
        job({ state: 'done' }),
        job({ state: 'failed', lastError: 'The site refused the password.' }),
        job({ state: 'cancelled' }),
      ]),
    ).toBeNull();
  });

  it('says what is waiting, where to, and what happens if the writer quits', () => {
    const question = quitQuestion([
      job({
        state: 'retrying',
        targetName: 'Ghost',
        nextAttemptAt: '2026-12-02T10:05:00.000Z',
        lastError: 'The site did not answer.',
      }),
      job({ state: 'done' }),
      job({ state: 'queued', targetName: 'Newsroom WordPress' }),
    ]);
    expect(question).toEqual({
      message: '2 publishes have not gone out yet. Quit anyway?',
      detail:
        '• To Ghost: Waiting to try again at 2026-12-02T10:05:00.000Z: The site did not answer.\n• To Newsroom WordPress: Publishing…\n\nIf you quit, Copydesk sends them the next time it opens.',
      buttons: ['Quit anyway', 'Keep Copydesk open'],
    });
    expect(quitQuestion([job({ state: 'running' })])!.message).toBe('A publish has not gone out yet. Quit anyway?');
  });
});

describe('the before-quit guard', () => {
  function setUp(jobs: () => Promise<PublishJob[]>, answer: boolean) {
    const asked: QuitQuestion[] = [];
    let quits = 0;
    const onBeforeQuit = guardQuit({
      unsentJobs: jobs,
      ask: async (question) => {
        asked.push(question);
        return answer;
      },
      quit: () => quits++,
    });
    const beforeQuit = (): boolean => {
      let prevented = false;
      onBeforeQuit({ preventDefault: () => (prevented = true) });
      return prevented;
    };
    return { asked, quits: () => quits, beforeQuit };
  }

  it('lets the quit go on once nothing is waiting', async () => {
    const guard = setUp(async () => [job({ state: 'done' })], false);
    expect(guard.beforeQuit()).toBe(true);
    await flush();
    expect(guard.asked).toEqual([]);
    expect(guard.quits()).toBe(1);
    expect(guard.beforeQuit(), 'the quit it started goes through').toBe(false);
  });

  it('asks when a publish waits, and stays open when the writer says so, asking again next time', async () => {
    const guard = setUp(async () => [job({ state: 'queued' })], false);
    expect(guard.beforeQuit()).toBe(true);
    expect(guard.beforeQuit(), 'a second Quit while asking is held, not asked twice').toBe(true);
    await flush();
    expect(guard.asked).toHaveLength(1);
    expect(guard.quits()).toBe(0);
    expect(guard.beforeQuit()).toBe(true);
    await flush();
    expect(guard.asked).toHaveLength(2);
  });

  it('quits when the writer agrees', async () => {
    const guard = setUp(async () => [job({ state: 'retrying' })], true);
    guard.beforeQuit();
    await flush();
    expect(guard.asked).toHaveLength(1);
    expect(guard.quits()).toBe(1);
    expect(guard.beforeQuit()).toBe(false);
  });

  it('never keeps the app from quitting because the outbox could not be read', async () => {
    const guard = setUp(() => Promise.reject(new Error('database is closed')), false);
    guard.beforeQuit();
    await flush();
    expect(guard.asked).toEqual([]);
    expect(guard.quits()).toBe(1);
  });
});
