import { describe, expect, it, vi } from 'vitest';

/**
 * A second Copydesk on the same data folder quits at once, before it opens
 * the store: src/main/index.ts run against a stand-in Electron whose
 * single-instance lock is already held. (The lock's hand-over of a second
 * launch's file runs in tests/e2e/electron.spec.ts.)
 */

const seen = vi.hoisted(() => ({ quit: 0, whenReady: 0, startStore: 0 }));

vi.mock('electron', () => {
  // Whatever else the shell reaches for at load does nothing here (and is no promise).
  const inert: object = new Proxy(() => inert, {
    get: (_, name) => (name === 'then' ? undefined : inert),
    apply: () => inert,
  });
  const or = (target: Record<string, unknown>, name: string | symbol) =>
    name in target ? target[name as string] : name === 'then' ? undefined : inert;
  const app = new Proxy(
    {
      requestSingleInstanceLock: () => false,
      quit: () => void seen.quit++,
      whenReady: () => {
        seen.whenReady++;
        return new Promise(() => undefined);
      },
      isPackaged: false,
    },
    { get: or },
  );
  const names = [
    'app',
    'BrowserWindow',
    'clipboard',
    'crashReporter',
    'dialog',
    'ipcMain',
    'Menu',
    'net',
    'Notification',
    'protocol',
    'safeStorage',
    'screen',
    'session',
    'shell',
  ];
  const electron = Object.fromEntries(names.map((name) => [name, name === 'app' ? app : inert]));
  return { ...electron, default: electron };
});
vi.mock('electron-log/main', () => ({ default: { transports: {}, errorHandler: { startCatching: () => undefined } } }));
vi.mock('../../src/main/shell/log', () => ({ configureLog: () => undefined }));
vi.mock('../../src/main/store', () => ({
  databasePathIn: (dir: string) => `${dir}/copydesk.db`,
  startStore: () => {
    seen.startStore++;
    return new Promise(() => undefined);
  },
}));

describe('a second launch (src/main/index.ts)', () => {
  it('quits when another instance holds the lock, and never opens the store or waits for Electron', async () => {
    await import('../../src/main/index');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual({ quit: 1, whenReady: 0, startStore: 0 });
  });
});
