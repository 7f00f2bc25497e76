import { afterEach } from 'vitest';
import { tempDir } from '../support/store';

interface Closable {
  close(): Promise<void>;
}

/**
 * Folders and stores a test file opens, put away after each test: the
 * stores closed first, then their folders removed. Call once at the top of
 * the file.
 */
export function cleanupAfterEach(): {
  /** A new empty folder, removed after the test. */
  folder: () => string;
  /** A store (or a store being opened), closed after the test unless closeNow closed it first. */
  track: { <T extends Closable>(store: T): T; <T extends Closable>(store: Promise<T>): Promise<T> };
  closeNow: (store: Closable) => Promise<void>;
} {
  const folders: Array<() => void> = [];
  const open: Closable[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    for (const remove of folders.splice(0)) remove();
  });
  function track<T extends Closable>(store: T): T;
  function track<T extends Closable>(store: Promise<T>): Promise<T>;
  function track<T extends Closable>(store: T | Promise<T>): T | Promise<T> {
    if (store instanceof Promise) return store.then((s) => track(s));
    open.push(store);
    return store;
  }
  return {
    folder() {
      const t = tempDir();
      folders.push(t.cleanup);
      return t.dir;
    },
    track,
    async closeNow(store) {
      open.splice(open.indexOf(store), 1);
      await store.close();
    },
  };
}
