import type { Locator, Page } from '@playwright/test';
import { createFixtureDraft } from '../support/fixtures';
import { validated } from '../support/store';
import { expect, test } from './harness';

/** The bugs a writer met on the first day (issue #15), each driven as a person would. */

const libraryRows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');

async function openFixture(page: Page, store: Parameters<typeof validated>[0], name: string, headline: RegExp): Promise<void> {
  await createFixtureDraft(validated(store), name);
  await page.reload();
  await libraryRows(page).filter({ hasText: headline }).click();
  await expect(page.locator('.cd-body figure img').first()).toBeVisible();
}

/** Puts the caret in `field` just after the first `before` characters, as a click there would. */
async function caretAt(field: Locator, before: number): Promise<void> {
  await field.click();
  await field.evaluate((el, at) => (el as HTMLInputElement).setSelectionRange(at, at), before);
}

test('typing in the middle of a caption, a credit or a field keeps the caret where the writer put it', async ({ app }) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  const figure = page.locator('.cd-body figure');
  const caption = figure.getByLabel('Caption');
  await caretAt(caption, 'Leaders a'.length);
  await page.keyboard.type('Zebra');
  await expect(caption).toHaveValue("Leaders aZebrarrive at the capital's main station ahead of a summit.");

  const credit = figure.getByLabel('Credit');
  await caretAt(credit, 'JEAN'.length);
  await page.keyboard.type(' X.');
  await expect(credit).toHaveValue('JEAN X. DUPRÉ/Pool via REUTERS');

  const paneAlt = page.locator('.cd-image-item').getByLabel('Alt text');
  await caretAt(paneAlt, 'Three'.length);
  await page.keyboard.type(' tall');
  await expect(paneAlt).toHaveValue('Three tall leaders walk along a railway platform');

  for (const label of ['Headline', 'Dek']) {
    const field = page.getByLabel(label, { exact: true });
    const before = await field.inputValue();
    await caretAt(field, 2);
    await page.keyboard.type('qq');
    await expect(field).toHaveValue(`${before.slice(0, 2)}qq${before.slice(2)}`);
  }
});
