import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/common/api';
import type { PublishJob } from '../../src/common/publish';
import { readNotificationSettings } from '../../src/common/preferences';
import { BackgroundNotices, finishedWorkNotice, type Notice } from '../../src/main/shell/notifications';

/** Which endings become a system notification, with what words, and when. */

function job(state: PublishJob['state'], extra: Partial<PublishJob> = {}): PublishJob {
  return {
    id: 'job-1',
    draftId: 'd1',
    targetId: 't1',
    targetName: 'The Site',
    remoteStatus: 'publish',
    state,
    step: state === 'done' ? 'done' : 'post',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    remoteId: null,
    url: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    ...extra,
  };
}

const published: AppEvent = {
  type: 'publish.progress',
  job: job('done', { url: 'https://news.example/story' }),
  message: 'Published',
};

describe('the words of a finished piece of work', () => {
  it('announces a finished export, a publish done and a publish failed, and nothing else', () => {
    expect(finishedWorkNotice({ type: 'export.progress', jobId: 'e1', done: 12, total: 12 })).toEqual({
      title: 'Export finished',
      body: '12 pieces exported to the folder.',
    });
    expect(finishedWorkNotice({ type: 'export.progress', jobId: 'e1', done: 1, total: 1 })?.body).toBe(
      '1 piece exported to the folder.',
    );
    expect(finishedWorkNotice(published)).toEqual({
      title: 'Published',
      body: 'To The Site: https://news.example/story',
    });
    expect(
      finishedWorkNotice({
        type: 'publish.progress',
        job: job('failed', { lastError: 'WordPress refused the credentials (401)' }),
        message: '',
      }),
    ).toEqual({
      title: 'Publish failed',
      body: 'To The Site: WordPress refused the credentials (401). Open Copydesk to see why.',
    });
    for (const event of [
      { type: 'export.progress', jobId: 'e1', done: 3, total: 12 },
      { type: 'export.progress', jobId: 'e1', done: 0, total: 0 },
      { type: 'publish.progress', job: job('running'), message: '' },
      { type: 'publish.progress', job: job('retrying'), message: '' },
      { type: 'publish.progress', job: job('cancelled'), message: '' },
      { type: 'draft.saved', id: 'd1', version: 2, updatedAt: '' },
      { type: 'desk.changed' },
    ] satisfies AppEvent[]) {
      expect(finishedWorkNotice(event), JSON.stringify(event)).toBeNull();
    }
  });
});

describe('when a notification is shown', () => {
  function notices(options: { optedIn: boolean; inFront: boolean; supported?: boolean }) {
    const shown: Notice[] = [];
    const state = { ...options };
    const deps = {
      settings: () => readNotificationSettings({ inBackground: state.optedIn }),
      windowInFront: () => state.inFront,
      supported: options.supported ?? true,
      show: (notice: Notice) => shown.push(notice),
    };
    return { shown, state, notices: new BackgroundNotices(deps) };
  }

  it('only when opted in, the window is in the background, and the system can', () => {
    const off = notices({ optedIn: false, inFront: false });
    off.notices.hear(published);
    expect(off.shown).toEqual([]);
    const inFront = notices({ optedIn: true, inFront: true });
    inFront.notices.hear(published);
    expect(inFront.shown).toEqual([]);
    const unsupported = notices({ optedIn: true, inFront: false, supported: false });
    unsupported.notices.hear(published);
    expect(unsupported.shown).toEqual([]);
    const on = notices({ optedIn: true, inFront: false });
    on.notices.hear(published);
    expect(on.shown).toEqual([{ title: 'Published', body: 'To The Site: https://news.example/story' }]);
  });

  it('tells each ending once', () => {
    const { shown, notices: n } = notices({ optedIn: true, inFront: false });
    n.hear(published);
    n.hear(published);
    n.hear({ type: 'export.progress', jobId: 'e1', done: 2, total: 2 });
    n.hear({ type: 'export.progress', jobId: 'e1', done: 2, total: 2 });
    n.hear({ type: 'export.progress', jobId: 'e2', done: 2, total: 2 });
    expect(shown.map((notice) => notice.title)).toEqual(['Published', 'Export finished', 'Export finished']);
  });

  it('is off unless chosen', () => {
    expect(readNotificationSettings(null)).toEqual({ inBackground: false });
    expect(readNotificationSettings({ inBackground: 'yes' })).toEqual({ inBackground: false });
  });
});
