import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiInput } from '../../src/common/api';
import type { Draft } from '../../src/common/domain';
import { dispatch } from '../../src/main/ipc/dispatch';
import { SaveController, type SaveState } from '../../src/renderer/src/editor/saveController';
import { openTestStore, withTestShell, type TestStore } from '../support/store';
import { doc } from './_support';

/**
 * The renderer's autosave against the real services: the controller's
 * timers run on Vitest's fake clock, its saves go through the same dispatch
 * as the app's IPC to a real store.
 */

let store: TestStore;
let draft: Draft;
let saves: Array<{ input: ApiInput<'drafts.save'>; done: Promise<unknown> }>;
let states: SaveState[];
let controller: SaveController;

/** Lets a save that has started reach the database and come back (the database is not on the fake clock). */
const settle = async (): Promise<void> => {
  await Promise.all(saves.map((s) => s.done));
  await new Promise((resolve) => setImmediate(resolve));
};
const stored = async (): Promise<Draft> => store.call('drafts.get', { id: draft.id });

function start(options: { idleMs?: number; maxWaitMs?: number } = {}): SaveController {
  const handlers = withTestShell(store);
  return new SaveController({
    draft,
    save: (input) => {
      const done = dispatch(handlers, 'drafts.save', input) as ReturnType<
        ConstructorParameters<typeof SaveController>[0]['save']
      >;
      saves.push({ input, done });
      return done;
    },
    onState: (state) => states.push(state),
    ...options,
  });
}

beforeEach(async () => {
  store = await openTestStore();
  draft = await store.call('drafts.create', { headline: 'Start' });
  saves = [];
  states = [];
  // Only the timers: the store's clock and the database's callbacks stay real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  controller = start();
});

afterEach(async () => {
  controller.dispose();
  vi.useRealTimers();
  await store.close();
});

describe('the autosave controller', () => {
  it('saves a second after the writer pauses, once', async () => {
    controller.setFields({ headline: 'Paused' });
    expect(states).toEqual([{ kind: 'dirty' }]);
    await vi.advanceTimersByTimeAsync(999);
    expect(saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toHaveLength(1);
    expect(saves[0]!.input).toMatchObject({
      id: draft.id,
      expectedVersion: draft.version,
      reason: 'autosave',
      headline: 'Paused',
    });
    await settle();
    expect(states.map((s) => s.kind)).toEqual(['dirty', 'saving', 'saved']);
    expect(controller.isDirty).toBe(false);
    expect((await stored()).headline).toBe('Paused');
    expect(controller.currentVersion).toBe((await stored()).version);
    // Nothing more to save: no timer is left to fire.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(saves).toHaveLength(1);
  });

  it('saves every ten seconds while the writer types without a pause, and again after the pause', async () => {
    let words = 'Typing';
    const startedAt: number[] = [];
    for (let ms = 0; ms < 12_000; ms += 500) {
      words += ' on';
      controller.setFields({ headline: words });
      const before = saves.length;
      await vi.advanceTimersByTimeAsync(500);
      if (saves.length > before) startedAt.push(ms + 500);
      await settle();
    }
    // Keystrokes every half second never leave a one-second pause: only the ten-second limit saves.
    expect(startedAt).toEqual([10_000]);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(saves).toHaveLength(2);
    expect((await stored()).headline).toBe(words);
    expect(states.at(-1)?.kind).toBe('saved');
  });

  it('tells each subscriber of every save, with the draft as saved, until it unsubscribes; a refused save is not a save', async () => {
    const first: Array<[string, number]> = [];
    const second: string[] = [];
    const unsubscribe = controller.subscribeSaved((saved) => first.push([saved.headline, saved.version]));
    controller.setFields({ headline: 'Once' });
    await controller.flush();
    expect(first).toEqual([['Once', (await stored()).version]]);
    controller.subscribeSaved((saved) => second.push(saved.headline));
    unsubscribe();
    controller.setFields({ headline: 'Twice' });
    await controller.flush();
    expect(first.map(([headline]) => headline)).toEqual(['Once']);
    expect(second).toEqual(['Twice']);
    // Another window saves first: this save is refused as a conflict, and nobody hears of it.
    await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: controller.currentVersion,
      headline: 'Elsewhere',
    });
    controller.setFields({ headline: 'Refused' });
    await controller.flush();
    expect(states.at(-1)?.kind).toBe('conflict');
    expect(second).toEqual(['Twice']);
  });

  it('waits while held (a large paste), saves once after the release, and still saves on an explicit flush', async () => {
    const release = controller.hold();
    for (let i = 0; i < 40; i++) {
      controller.setFields({ dek: `part ${i}` });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(saves).toHaveLength(0);
    release();
    release(); // a second call of the same release is nothing
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves).toHaveLength(1);
    await settle();
    expect((await stored()).dek).toBe('part 39');

    const again = controller.hold();
    controller.setFields({ dek: 'flushed while held' });
    await controller.flush();
    expect(saves).toHaveLength(2);
    expect((await stored()).dek).toBe('flushed while held');
    again();
  });

  it('saves edits made during a save right after it', async () => {
    controller.setFields({ headline: 'First' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves).toHaveLength(1);
    controller.setFields({ headline: 'Second' }); // while the first is in flight
    await settle();
    expect(controller.isDirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(saves).toHaveLength(2);
    expect(saves[1]!.input.expectedVersion).toBe((saves[0]!.input.expectedVersion ?? 0) + 1);
    expect((await stored()).headline).toBe('Second');
  });

  it('stops on a conflict, saves nothing until the writer chooses, and keeps theirs as a version when "keep mine" is chosen', async () => {
    // Another window saves the piece first.
    const theirs = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: draft.version,
      headline: 'Theirs',
      body: doc('Their text.'),
    });
    expect(theirs.kind).toBe('saved');
    controller.attachBody(() => JSON.stringify(doc('My text.')));
    controller.setFields({ headline: 'Mine' });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    const conflict = states.at(-1);
    expect(conflict?.kind).toBe('conflict');
    if (conflict?.kind !== 'conflict') return;
    expect(conflict.current.headline).toBe('Theirs');

    // Blocked: typing on schedules no save, and an autosave flush does nothing.
    controller.setFields({ headline: 'Mine, still' });
    await vi.advanceTimersByTimeAsync(30_000);
    await controller.flush();
    expect(saves).toHaveLength(1);
    expect((await stored()).headline).toBe('Theirs');

    await controller.keepMine(conflict.current);
    expect(saves).toHaveLength(2);
    expect(saves[1]!.input).toMatchObject({
      expectedVersion: conflict.current.version,
      reason: 'manual',
      headline: 'Mine, still',
    });
    expect((await stored()).headline).toBe('Mine, still');
    expect(states.at(-1)?.kind).toBe('saved');
    const kept = await store.call('revisions.list', { draftId: draft.id });
    const snapshots = await Promise.all(kept.map((r) => store.call('revisions.get', { id: r.id })));
    expect(snapshots.some((r) => r.snapshot.headline === 'Theirs')).toBe(true);
  });

  it('reports a refused save and keeps the edits to send again', async () => {
    controller.setFields({ headline: 'x'.repeat(100_000) });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    const state = states.at(-1);
    expect(state?.kind).toBe('error');
    expect(controller.isDirty).toBe(true);
    controller.setFields({ headline: 'Shorter' });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(states.at(-1)?.kind).toBe('saved');
    expect((await stored()).headline).toBe('Shorter');
  });

  it('keeps a version on a save by hand, named or not, even with nothing unsaved, and says so', async () => {
    controller.setFields({ headline: 'By hand' });
    await controller.keepVersion();
    expect(saves.at(-1)!.input).toMatchObject({ reason: 'manual', headline: 'By hand' });
    expect(states.at(-1)).toMatchObject({ kind: 'saved', version: true });
    // Nothing changed since: still a version, with the writer's name for it.
    await controller.keepVersion('sent to legal');
    expect(saves.at(-1)!.input).toMatchObject({ reason: 'manual', revisionName: 'sent to legal' });
    const kept = await store.call('revisions.list', { draftId: draft.id });
    expect(kept.map((r) => [r.reason, r.name])).toEqual([
      ['manual', 'sent to legal'],
      ['manual', ''],
    ]);
    // An autosave afterwards, or another manual save (a retry, "keep mine"), is an ordinary save again.
    controller.setFields({ headline: 'Later' });
    await controller.flush();
    expect(states.at(-1)).toEqual({ kind: 'saved', at: expect.any(Date) });
    await controller.flush('manual');
    expect(states.at(-1)).toEqual({ kind: 'saved', at: expect.any(Date) });
  });
});
