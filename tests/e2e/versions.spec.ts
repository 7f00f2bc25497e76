import type { Page } from '@playwright/test';
import { plainText } from '../../src/common/lexical/document';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * Versions on demand, in Chromium with the real store, by keys, labels and
 * visible text: Ctrl+S saves now and keeps a version ("Version saved");
 * Ctrl+Shift+S asks for a name first; the History panel compares any two
 * kept versions, not only one with the current text.
 */

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const rows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');
const versions = (page: Page) => page.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem');
const body = (page: Page) => page.getByLabel('Body text');

test('Ctrl+S keeps a version, Ctrl+Shift+S names one, and History compares any two', async ({ app }) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Wanda Writer', role: 'writer' });
  const draft = await store.call('drafts.create', { headline: 'Ferry timetable' });
  await page.reload();
  await rows(page).filter({ hasText: 'Ferry timetable' }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('No versions yet.')).toBeVisible();

  // First text, Ctrl+S: saved at once (no waiting for autosave) and kept as a version.
  await body(page).click();
  await page.keyboard.type('The first ferry leaves at six.');
  await page.keyboard.press(`${mod}+s`);
  await expect(page.getByText(/^Version saved/)).toBeVisible();
  await expect(versions(page)).toHaveCount(1);
  await expect(versions(page).nth(0)).toContainText('Saved by hand');
  await expect(versions(page).nth(0)).toContainText('Current text');

  // More text, and Ctrl+Shift+S: the name dialog, then a named version.
  await page.keyboard.press('Enter');
  await page.keyboard.type('The last one leaves at ten.');
  await page.keyboard.press(`${mod}+Shift+s`);
  const dialog = page.getByRole('dialog', { name: 'Name this version' });
  await expect(dialog.getByLabel('Name for this version')).toBeFocused();
  expect(await blockingViolations(page)).toEqual([]);
  await page.keyboard.type('before the editor');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(versions(page)).toHaveCount(2);
  await expect(versions(page).nth(0)).toContainText('before the editor');
  // Focus went back to the text: typing goes on where it was.
  await page.keyboard.type(' Or eleven.');
  await expect(body(page)).toContainText('The last one leaves at ten. Or eleven.');

  // Escape leaves the dialog without keeping anything.
  await page.keyboard.press(`${mod}+Shift+s`);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(versions(page)).toHaveCount(2);

  // A third version, with a new headline.
  await page.getByRole('article').getByLabel('Headline', { exact: true }).fill('Ferry timetable changes');
  await body(page).click();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Sunday boats are cancelled.');
  await page.keyboard.press(`${mod}+s`);
  await expect(versions(page)).toHaveCount(3);
  const kept = await store.call('revisions.list', { draftId: draft.id });
  expect(kept.map((r) => [r.reason, r.name])).toEqual([
    ['manual', ''],
    ['manual', 'before the editor'],
    ['manual', ''],
  ]);
  expect(plainText((await store.call('revisions.get', { id: kept[0]!.id })).snapshot.body)).toContain(
    'Sunday boats are cancelled.',
  );

  // Pick the oldest, then compare it with the named one instead of the current text.
  await versions(page).nth(2).getByRole('button').click();
  const detail = page.locator('.cd-rev-detail');
  await expect(detail.getByRole('heading', { name: 'Changes since this version' })).toBeVisible();
  await expect(detail.locator('.cd-diff-body ins', { hasText: 'Sunday boats are cancelled.' })).toBeVisible();
  await detail.getByLabel('Compare with').selectOption({ label: await optionLabel(page, 'before the editor') });
  await expect(detail.getByRole('heading', { name: 'Changes between two versions' })).toBeVisible();
  await expect(detail.locator('.cd-diff-body ins', { hasText: 'The last one leaves at ten.' })).toBeVisible();
  await expect(detail.locator('.cd-diff-body')).not.toContainText('Or eleven');
  await expect(detail.locator('.cd-diff-body')).not.toContainText('Sunday');
  await expect(detail).toContainText('The fields are the same');
  await app.screenshot('history-two-versions');

  // The other way round: the newest against the oldest shows the headline change, older struck through.
  await versions(page).nth(0).getByRole('button').click();
  await detail.getByLabel('Compare with').selectOption({ index: 2 });
  await expect(detail.getByRole('heading', { name: 'Changes between two versions' })).toBeVisible();
  const headline = detail.locator('.cd-diff-field[data-field="Headline"] dd');
  await expect(headline.locator('del')).toHaveText('Ferry timetable');
  await expect(headline.locator('ins')).toHaveText('Ferry timetable changes');
  await expect(detail.locator('.cd-diff-body ins', { hasText: 'Sunday boats are cancelled.' })).toBeVisible();
  // And back to the current text.
  await detail.getByLabel('Compare with').selectOption('The current text');
  await expect(detail).toContainText('The text is the same as in this version');
  expect(await blockingViolations(page)).toEqual([]);
});

/** The picker's label for the version with this name. */
async function optionLabel(page: Page, name: string): Promise<string> {
  const text = await page
    .locator('.cd-rev-detail')
    .getByLabel('Compare with')
    .locator('option', { hasText: name })
    .textContent();
  return text!.trim();
}
