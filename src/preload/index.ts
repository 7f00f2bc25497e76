import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildClient } from '../common/client';
import { DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL_PREFIX } from '../common/ipcChannels';
import type { AppEvent } from '../common/api';

/**
 * Exposes `window.copydesk`: one function per method of the contract and one
 * event subscription, and nothing else — no ipcRenderer, no process.
 */
const client = buildClient(
  (method, input) => ipcRenderer.invoke(INVOKE_CHANNEL_PREFIX + method, input),
  (listener) => {
    const forward = (_event: Electron.IpcRendererEvent, payload: AppEvent): void => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
);

contextBridge.exposeInMainWorld('copydesk', client);

/*
 * Files dropped on the window: their paths go to the main process, which
 * grants them when the page asks (`app.takeDropped`). Only a drop the
 * browser marks isTrusted (the writer's own gesture; a script cannot forge
 * one) is reported, and only with paths `webUtils.getPathForFile` knows
 * (none for a File a script made). This listener runs in the preload's
 * isolated world, before the page's own handlers, and the page has no way
 * to send on this channel. See src/main/shell/drops.ts.
 */
window.addEventListener(
  'drop',
  (event) => {
    if (!event.isTrusted || !event.dataTransfer) return;
    const paths = [...event.dataTransfer.files]
      .map((file) => webUtils.getPathForFile(file))
      .filter((path) => path !== '');
    void ipcRenderer.invoke(DROP_CHANNEL, paths);
  },
  true,
);
