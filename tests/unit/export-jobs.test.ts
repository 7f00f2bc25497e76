import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src/common/api';
import { grant, openTestStore, tempDir, type TestStore } from '../support/store';

let store: TestStore;
afterEach(async () => {
  await store?.close();
});

describe('a named folder export', () => {
  it('reports its progress piece by piece', async () => {
    const events: AppEvent[] = [];
    store = await openTestStore({ onEvent: (e) => events.push(e) });
    for (let i = 0; i < 5; i++) await store.call('drafts.create', { headline: `Piece ${i}` });
    const { dir } = tempDir();
    const result = await store.call('export.toFolder', {
      jobId: 'job-1',
      folder: grant(store, 'folder', dir),
      format: 'md',
    });
    expect(result.cancelled).toBe(false);
    expect(result.written).toHaveLength(5);
    expect(
      events
        .filter((e) => e.type === 'export.progress')
        .map((e) => (e.type === 'export.progress' ? [e.jobId, e.done, e.total] : null)),
    ).toEqual([
      ['job-1', 1, 5],
      ['job-1', 2, 5],
      ['job-1', 3, 5],
      ['job-1', 4, 5],
      ['job-1', 5, 5],
    ]);
  });

  it('stops when cancelled, keeping what it wrote and saying so', async () => {
    const { dir } = tempDir();
    let cancelAnswer: { cancelled: boolean } | null = null;
    store = await openTestStore({
      onEvent: (e) => {
        if (e.type === 'export.progress' && e.done === 3)
          void store.call('export.cancel', { jobId: 'job-2' }).then((a) => (cancelAnswer = a));
      },
    });
    for (let i = 0; i < 40; i++) await store.call('drafts.create', { headline: `Piece ${i}` });
    const result = await store.call('export.toFolder', {
      jobId: 'job-2',
      folder: grant(store, 'folder', dir),
      format: 'md',
    });
    expect(cancelAnswer).toEqual({ cancelled: true });
    expect(result.cancelled).toBe(true);
    expect(result.written.length).toBeGreaterThanOrEqual(3);
    expect(result.written.length).toBeLessThan(40);
    expect(readdirSync(dir).filter((f) => f.endsWith('.md'))).toHaveLength(result.written.length);
    expect(result.written.every((w) => w.path.startsWith(join(dir, '')))).toBe(true);
    expect(await store.call('export.cancel', { jobId: 'job-2' })).toEqual({ cancelled: false });
  });
});
