import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/common/domain';
import { dispatch } from '../../src/main/ipc/dispatch';
import { useOpenDraft } from '../../src/renderer/src/editor/openDraftStore';
import { SaveController, type SaveState } from '../../src/renderer/src/editor/saveController';
import { openTestStore, withTestShell, type TestStore } from '../support/store';

/**
 * The open piece's fields as the Fields pane edits them: what is on screen,
 * and what of it is savable. A field that is not valid yet stays on screen
 * and is held back from the save, so the rest of the writer's work is saved.
 * The saves go through a real SaveController and the app's dispatch to a
 * real store.
 */

let store: TestStore;
let draft: Draft;
let controller: SaveController;
let states: SaveState[];

const stored = (): Promise<Draft> => store.call('drafts.get', { id: draft.id });
const source = (url: string) => ({
  id: crypto.randomUUID(),
  outlet: 'Reuters',
  title: 'A report',
  url,
  author: '',
  published: '',
  accessed: '',
  notes: '',
});

beforeEach(async () => {
  store = await openTestStore();
  draft = await store.call('drafts.create', { headline: 'Grid talks' });
  states = [];
  const handlers = withTestShell(store);
  controller = new SaveController({
    draft,
    save: (input) => dispatch(handlers, 'drafts.save', input) as never,
    onState: (state) => states.push(state),
    // Saved by flush() below, never by a timer.
    idleMs: 3_600_000,
    maxWaitMs: 3_600_000,
  });
  useOpenDraft.getState().open(draft, controller);
});

afterEach(async () => {
  useOpenDraft.getState().close(controller);
  controller.dispose();
  await store.close();
});

describe('the open piece’s fields', () => {
  it('shows what the writer types and saves it', async () => {
    useOpenDraft.getState().update({ dek: 'A dek', byline: ['Dana Whitlock'], tags: ['Energy'] });
    expect(useOpenDraft.getState()).toMatchObject({ dek: 'A dek', byline: ['Dana Whitlock'], tags: ['Energy'] });
    expect(controller.isDirty).toBe(true);
    await controller.flush();
    expect(await stored()).toMatchObject({ dek: 'A dek', byline: ['Dana Whitlock'], tags: ['Energy'] });
  });

  it('moves the slug with the headline until the writer edits the slug', async () => {
    useOpenDraft.getState().update({ headline: 'Talks resume in Doha' });
    expect(useOpenDraft.getState().slug).toBe('talks-resume-in-doha');
    useOpenDraft.getState().update({ slug: 'doha-talks' });
    useOpenDraft.getState().update({ headline: 'Talks collapse in Doha' });
    expect(useOpenDraft.getState().slug).toBe('doha-talks');
    await controller.flush();
    expect(await stored()).toMatchObject({ headline: 'Talks collapse in Doha', slug: 'doha-talks' });
  });

  it('holds back a slug that is not valid yet, and saves everything else', async () => {
    useOpenDraft.getState().update({ slug: 'doha-talks' });
    await controller.flush();
    useOpenDraft.getState().update({ slug: 'Doha Talks!', dek: 'Saved anyway' });
    expect(useOpenDraft.getState().slug).toBe('Doha Talks!');
    await controller.flush();
    expect(states.at(-1)?.kind).toBe('saved');
    expect(await stored()).toMatchObject({ slug: 'doha-talks', dek: 'Saved anyway' });
    // Once it is valid, it goes with the next save; an empty slug is valid too (it means "none yet").
    useOpenDraft.getState().update({ slug: 'doha-talks-2' });
    await controller.flush();
    expect((await stored()).slug).toBe('doha-talks-2');
  });

  it('holds back the sources while one address is not a web address, and saves them once it is', async () => {
    const good = source('https://www.reuters.com/x');
    useOpenDraft.getState().update({ sources: [good] });
    await controller.flush();
    const typing = source('www.reuters');
    useOpenDraft.getState().update({ sources: [good, typing], section: 'World' });
    expect(useOpenDraft.getState().sources).toHaveLength(2);
    await controller.flush();
    let saved = await stored();
    expect(saved.section).toBe('World');
    expect(saved.sources.map((s) => s.url)).toEqual(['https://www.reuters.com/x']);
    // A source with no address yet is savable: the check asks for it later.
    useOpenDraft.getState().update({ sources: [good, { ...typing, url: '' }] });
    await controller.flush();
    saved = await stored();
    expect(saved.sources.map((s) => s.url)).toEqual(['https://www.reuters.com/x', '']);
    useOpenDraft.getState().update({ sources: [good, { ...typing, url: 'https://www.reuters.com/y' }] });
    await controller.flush();
    expect((await stored()).sources.map((s) => s.url)).toEqual([
      'https://www.reuters.com/x',
      'https://www.reuters.com/y',
    ]);
  });

  it('forgets the piece on close, but not when an older editor closes after a newer one opened', () => {
    const other = new SaveController({
      draft,
      save: async () => ({ ok: false, error: { code: 'internal', message: 'unused' } }),
      onState: () => undefined,
    });
    useOpenDraft.getState().open({ ...draft, headline: 'Newer' }, other);
    useOpenDraft.getState().close(controller);
    expect(useOpenDraft.getState()).toMatchObject({ draftId: draft.id, headline: 'Newer' });
    useOpenDraft.getState().close(other);
    expect(useOpenDraft.getState()).toMatchObject({ draftId: null, headline: '', controller: null });
    useOpenDraft.getState().open(draft, controller);
  });
});
