import type { ApiMethod, AppEvent, CopydeskClient } from './api';
import { API_METHODS } from './apiMethods';

/**
 * Builds the renderer's `copydesk` object from the list of method names and
 * a transport. The preload passes Electron IPC; nothing else is exposed.
 */
export function buildClient(
  invoke: (method: ApiMethod, input: unknown) => Promise<unknown>,
  subscribe: (listener: (event: AppEvent) => void) => () => void,
): CopydeskClient {
  const client: Record<string, Record<string, unknown>> = {};
  for (const method of API_METHODS) {
    const dot = method.indexOf('.');
    (client[method.slice(0, dot)] ??= {})[method.slice(dot + 1)] = (input: unknown) => invoke(method, input);
  }
  client.events = { subscribe };
  return client as unknown as CopydeskClient;
}
