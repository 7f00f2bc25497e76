import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_METHODS } from '../../common/apiMethods';
import { INVOKE_CHANNEL_PREFIX } from '../../common/ipcChannels';
import type { ApiHandlers } from '../../common/api';
import type { ApiResult } from '../../common/errors';
import { dispatch } from '../ipc/dispatch';

/**
 * One loop puts every method of the contract on ipcMain. Each call is
 * answered only for the app's own top frame: a frame that navigated
 * elsewhere, or a subframe, gets a typed refusal, never the service.
 */
export function registerIpc(
  ipcMain: IpcMain,
  handlers: ApiHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(INVOKE_CHANNEL_PREFIX + method, async (event, payload: unknown): Promise<ApiResult<unknown>> => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: {
            code: 'forbidden_sender',
            message: 'This request did not come from the Copydesk window, so it was refused.',
          },
        };
      }
      return dispatch(handlers, method, payload);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(INVOKE_CHANNEL_PREFIX + method);
  };
}
