import type { Page } from '@playwright/test';
import { type DeskServer, type DeskServerOptions, startDeskServer } from '../../src/server/deskServer';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { tempDir } from '../support/store';
import { expect, type Harness } from './harness';

/**
 * The newsroom specs' common ground: the real desk server (Hocuspocus on its
 * embedded SQLite store, in this process) with a writer and an editor, and the
 * steps every one of them takes to reach it through the screens.
 */

/** Quick reconnects, so a desk that goes down and comes back is heard within a test's patience. */
export const LIVE = { deskLive: { reconnectDelayMs: 150, timeoutMs: 20_000 } };

export const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();

export const body = (page: Page) => page.getByLabel('Body text');

/** Fills the Newsroom screen's join form and presses Join, without waiting for the answer. */
export async function submitJoin(page: Page, url: string, token: string): Promise<void> {
  await nav(page, 'Newsroom');
  await page.getByLabel('Desk address').fill(url);
  await page.getByLabel('Your token').fill(token);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

/** Joins the desk from the Newsroom screen and waits until it says Online. */
export async function join(app: Harness, url: string, token: string): Promise<void> {
  await submitJoin(app.page, url, token);
  await expect(app.page.getByText(/^Online\./)).toBeVisible({ timeout: 20_000 });
}

export interface Desk {
  url: string;
  store: SqliteDocumentStore;
  wendyToken: string;
  edToken: string;
  /** Stops the server, as a desk that goes down. */
  stop: () => Promise<void>;
  /** Starts it again on the same address, on the same store. */
  restart: () => Promise<void>;
}

/**
 * A desk server with Wendy (writer) and Ed (editor) on a store of its own;
 * `prepare` may add to the store and return server options before it starts.
 * Stopped and removed when `run` ends.
 */
export async function withDesk(
  folderPrefix: string,
  run: (desk: Desk) => Promise<void>,
  prepare: (store: SqliteDocumentStore) => Promise<Partial<DeskServerOptions>> = async () => ({}),
): Promise<void> {
  const folder = tempDir(folderPrefix);
  const store = await SqliteDocumentStore.open(folder.dir);
  const wendyToken = await store.addUser('Wendy', 'writer');
  const edToken = await store.addUser('Ed', 'editor');
  const options = { store, storeDebounceMs: 50, ...(await prepare(store)) };
  let server: DeskServer = await startDeskServer({ ...options, port: 0 });
  const port = server.port;
  try {
    await run({
      url: `ws://127.0.0.1:${port}`,
      store,
      wendyToken,
      edToken,
      stop: () => server.stop(),
      restart: async () => {
        server = await startDeskServer({ ...options, port });
      },
    });
  } finally {
    await server.stop();
    await store.close();
    folder.cleanup();
  }
}

/** The saved body as the store holds it, as one string to search. */
export async function savedBody(app: Harness, draftId: string): Promise<string> {
  return JSON.stringify((await app.store.call('drafts.get', { id: draftId })).body);
}
