import { api, unwrap } from '../api';
import type { LiveTransport } from './ipcProvider';

/** The live provider's transport in the window: the `desk.live*` methods and events of `window.copydesk`. */
export function windowTransport(): LiveTransport {
  const desk = api().desk;
  return {
    open: (input) => unwrap(desk.liveOpen(input)),
    update: (input) => unwrap(desk.liveUpdate(input)),
    awareness: (input) => unwrap(desk.liveAwareness(input)),
    close: (input) => unwrap(desk.liveClose(input)),
    subscribe: (listener) => api().events.subscribe(listener),
  };
}
