import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { isAbsolute } from 'node:path';
import { DROP_CHANNEL } from '../../common/ipcChannels';

/** A drop is taken at once by the page's drop handler; later, it is no longer the writer's gesture. */
const DROP_FRESH_MS = 10_000;
const MAX_DROPPED = 1000;

/**
 * The paths of files the writer dropped on the window, as the preload
 * reports them on its own channel (src/preload/index.ts).
 *
 * Why they are the writer's: the page cannot send on this channel (it has
 * no ipcRenderer; the contract's methods are all it gets), and the preload
 * sends only from drop events the browser marks `isTrusted`, which a script
 * cannot forge, with paths from `webUtils.getPathForFile`, which has none
 * for a File a script made. So what arrives here from the app's own window
 * is what the writer dragged in from the desktop. The page then asks for
 * grants (`app.takeDropped`): once per drop, and only just after it.
 */
export function listenForDrops(
  ipcMain: IpcMain,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  now: () => number = Date.now,
): { take(): string[]; offer(paths: string[]): void; stop(): void } {
  let last: { paths: string[]; at: number } | null = null;
  ipcMain.handle(DROP_CHANNEL, (event, paths: unknown): void => {
    if (!isTrustedSender(event)) return;
    const valid =
      Array.isArray(paths) &&
      paths.length <= MAX_DROPPED &&
      paths.every((p) => typeof p === 'string' && p.length <= 4096 && isAbsolute(p));
    last = valid ? { paths: paths as string[], at: now() } : null;
  });
  return {
    take: () => {
      const taken = last && now() - last.at <= DROP_FRESH_MS ? last.paths : [];
      last = null;
      return taken;
    },
    // Files the system opened with Copydesk (openFiles.ts), after the writer agreed to import them: a gesture outside the page, like a drop.
    offer: (paths) => {
      last = { paths, at: now() };
    },
    stop: () => ipcMain.removeHandler(DROP_CHANNEL),
  };
}
