import type { Page } from '@playwright/test';
import { type LocalDesk, type LocalDeskOptions, startLocalDesk } from '../support/localDesk';
import { expect, type Harness } from './harness';

/**
 * The newsroom specs' common ground: the real desk server (tests/support/localDesk.ts)
 * with a writer and an editor, and the steps every one of them takes to reach it
 * through the screens.
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

/**
 * A desk server with Wendy (writer) and Ed (editor) on a store of its own;
 * `prepare` may add to the store and return server options before it starts.
 * Stopped and removed when `run` ends.
 */
export async function withDesk(
  folderPrefix: string,
  run: (desk: LocalDesk) => Promise<void>,
  prepare?: LocalDeskOptions['prepare'],
): Promise<void> {
  const desk = await startLocalDesk({ folderPrefix, writer: 'Wendy', editor: 'Ed', prepare });
  try {
    await run(desk);
  } finally {
    await desk.close();
  }
}

/** The saved body as the store holds it, as one string to search. */
export async function savedBody(app: Harness, draftId: string): Promise<string> {
  return JSON.stringify((await app.store.call('drafts.get', { id: draftId })).body);
}
