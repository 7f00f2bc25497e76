import { contextBridge, ipcRenderer } from 'electron';
import { buildClient } from '../common/client';
import { EVENT_CHANNEL, INVOKE_CHANNEL_PREFIX } from '../common/apiMethods';
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
