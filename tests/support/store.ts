import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiContract,
  type ApiHandlers,
  type ApiInput,
  type ApiOutput,
  type ChosenPath,
  type GrantKind,
  type ServiceHandlers,
} from '../../src/common/api';
import type { Draft } from '../../src/common/domain';
import { startStore, type RunningStore, type StartStoreOptions } from '../../src/main/store';

/** A manual clock: tests move time on purpose instead of waiting for it. */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-27T09:00:00Z')) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function tempDir(prefix = 'copydesk-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestStore extends RunningStore {
  dir: string;
  dbPath: string;
  clock: TestClock;
  /** Calls a method the way a transport does: the input goes through its schema first. */
  call<M extends ServiceMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
}

type ServiceMethod = keyof ServiceHandlers;

export async function openTestStore(options: Partial<StartStoreOptions> & { dir?: string } = {}): Promise<TestStore> {
  const dir = options.dir ?? tempDir().dir;
  const clock = new TestClock();
  const dbPath = options.dbPath ?? join(dir, 'copydesk.db');
  const store = await startStore({ now: clock.now, ...options, dbPath });
  const call = async <M extends ServiceMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
    const parsed = apiContract[method].input.parse(input);
    const handler = store.handlers[method] as (i: unknown) => Promise<ApiOutput<M>>;
    return handler(parsed);
  };
  return { ...store, dir, dbPath, clock, call };
}

/** Handlers that validate their input first, as the transports do. */
export function validated(store: TestStore): ServiceHandlers {
  return new Proxy(store.handlers, {
    get: (_target, method: string) => (input: unknown) => store.call(method as ServiceMethod, input as never),
  });
}

/** What the test shell's "native dialogs" answer, in order; an empty queue is a cancelled dialog. Each answer is granted as the app's dialogs are. */
export interface DialogAnswers {
  folders: string[];
  files: string[][];
  /** Paths a save dialog answers. */
  saves: string[];
  /** The paths of the files each drop on the window carries, as the app's preload reports a real drop. */
  drops: string[][];
}

/** The whole API as a transport sees it: the services plus a test shell's answers. */
export function withTestShell(
  store: TestStore,
  dialogs: DialogAnswers = { folders: [], files: [], saves: [], drops: [] },
): ApiHandlers {
  return {
    ...store.handlers,
    'app.chooseFolder': async () => ({ chosen: grantAnswer(store, 'folder', dialogs.folders.shift()) }),
    'app.chooseFiles': async () => ({
      chosen: (dialogs.files.shift() ?? []).map((path) => store.grants.issue('open-files', path)),
    }),
    'app.chooseSaveFile': async () => ({ chosen: grantAnswer(store, 'save-file', dialogs.saves.shift()) }),
    'app.takeDropped': async () => ({
      chosen: (dialogs.drops.shift() ?? []).map((path) => store.grants.issue('open-files', path)),
    }),
    'app.info': async () => ({ version: 'test', dataDir: store.dir, databasePath: store.dbPath, shell: 'browser' }),
    'app.flushed': async ({ requestId }) => ({ requestId }),
    // The browser has no menu bar to enable.
    'app.pieceOpen': async ({ open }) => ({ open }),
  };
}

function grantAnswer(store: TestStore, kind: GrantKind, path: string | undefined): ChosenPath | null {
  return path === undefined ? null : store.grants.issue(kind, path);
}

/** A grant for `path`, as the shell issues one for what the writer chose: for tests that call the file methods directly. */
export function grant(store: RunningStore, kind: GrantKind, path: string): string {
  return store.grants.issue(kind, path).grant;
}

/**
 * What a desk does before a piece goes live: in review, then approved by an
 * editor, over the pre-publish check's errors when it finds any. The
 * profile is put back afterwards (when there was one).
 */
export async function approveForLive(store: TestStore, draftId: string): Promise<Draft> {
  const profile = await store.call('profile.get', {});
  await store.call('profile.set', { name: 'Desk Editor', role: 'editor' });
  try {
    let draft = await store.call('drafts.get', { id: draftId });
    const path = { draft: ['in_review', 'approved'], in_review: ['approved'] } as const;
    for (const status of path[draft.status as keyof typeof path] ?? []) {
      const outcome = await store.call('drafts.setStatus', {
        id: draftId,
        expectedVersion: draft.version,
        status,
        override: 'approved for a publishing test',
      });
      if (outcome.kind !== 'saved') throw new Error(`moving the piece to ${status} answered ${outcome.kind}`);
      draft = outcome.draft;
    }
    return draft;
  } finally {
    if (profile) await store.call('profile.set', profile);
  }
}
