import type { Locator, Page } from '@playwright/test';
import { wordCount } from '../../src/common/lexical/document';
import { createFixtureDraft } from '../support/fixtures';
import { validated } from '../support/store';
import { expect, test } from './harness';

/** The bugs a writer met on the first day (issue #15), each driven as a person would. */

const libraryRows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');

/** A writer who has said who they are opens one of the shared articles. */
async function openFixture(
  page: Page,
  store: Parameters<typeof validated>[0],
  name: string,
  headline: RegExp,
): Promise<void> {
  await store.call('profile.set', { name: 'Wendy Writer', role: 'writer' });
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

/** Selects `text` in the body as a drag over it would, and says where the words are on screen. */
async function selectWords(
  page: Page,
  text: string,
): Promise<{ top: number; bottom: number; left: number; right: number }> {
  const words = await page.evaluate((wanted) => {
    const walker = document.createTreeWalker(document.querySelector('.cd-body')!, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      node.parentElement!.scrollIntoView({ block: 'center' });
      const box = range.getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, left: box.left, right: box.right };
    }
    return null;
  }, text);
  if (!words) throw new Error(`"${text}" is not in the body`);
  // The editor has taken the selection once the toolbar's note button is on.
  await expect(page.getByRole('button', { name: 'Add a review note on the selected words' })).toBeEnabled();
  return words;
}

/** Puts `text` on the system clipboard, as copying it in another app would. */
async function copyToClipboard(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
}

/** Waits until a clipboard read started before now has had its answer, and the page has drawn it. */
async function afterClipboardRead(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.clipboard.readText();
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
}

test('typing after clicking a figure picture is kept: the figure is selected, and the words go into a paragraph after it', async ({
  app,
}) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  const figure = page.locator('.cd-body figure');
  // Edit the caption first, as the writer did, then click the picture.
  await figure.getByLabel('Caption').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Photo');
  await figure.locator('img').click();
  await expect(figure).toHaveClass(/is-selected/);
  await page.keyboard.type('Kept words');
  const afterFigure = page.locator('.cd-body > .cd-figure-block + p');
  await expect(afterFigure).toHaveText('Kept words');
  await expect(figure.getByLabel('Caption')).toHaveValue(
    "Leaders arrive at the capital's main station ahead of a summit. Photo",
  );
  await expect(figure).not.toHaveClass(/is-selected/);
  // The figure is still there, and Enter on a selected figure also opens a paragraph after it.
  await figure.locator('img').click();
  await page.keyboard.press('Enter');
  await page.keyboard.type('Second');
  await expect(afterFigure).toHaveText('Second');
  await expect(afterFigure.locator('+ p')).toHaveText('Kept words');
  await expect(page.locator('.cd-body figure')).toHaveCount(1);
});

test('typing in the middle of a caption, a credit or a field keeps the caret where the writer put it', async ({
  app,
}) => {
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

test('the pre-publish check keeps up with the piece as it is typed, and says when it last ran', async ({ app }) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  await page.getByRole('tab', { name: /^Review/ }).click();
  const check = page.locator('.cd-check');
  await expect(check).toContainText('Source 1 (Reuters) is never cited');
  await expect(page.getByText(/^Checked at \d/)).toBeVisible();
  // Nobody clicks "Run the check again": emptying and filling the dek, the credit and the alt text is enough.
  const dek = page.getByLabel('Dek');
  const dekText = await dek.inputValue();
  await dek.fill('');
  await expect(check).toContainText('The dek is empty.');
  await dek.fill(dekText);
  await expect(check).not.toContainText('The dek is empty.');
  const credit = page.locator('.cd-body figure').getByLabel('Credit');
  await credit.fill('');
  await expect(check).toContainText('has no credit.');
  await credit.fill('A. PHOTOGRAPHER/Agency');
  await expect(check).not.toContainText('has no credit.');
  // A citation typed into the body counts at once.
  await page.locator('.cd-body p').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type('[^1]');
  await expect(check).not.toContainText('Source 1 (Reuters) is never cited');
  await page.getByRole('tab', { name: /^Fields/ }).click();
  await page.locator('.cd-image-item').getByLabel('Alt text').fill('');
  await page.getByRole('tab', { name: /^Review/ }).click();
  await expect(check).toContainText('has no alt text.');
});

test('one word count everywhere: the status bar, the library, the desk and History agree, captions and credits not counted', async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Wendy Writer', role: 'writer' });
  const draft = await createFixtureDraft(validated(store), 'diplomacy-watch');
  // A version kept by hand, so History has one to show.
  await store.call('drafts.save', {
    id: draft.id,
    expectedVersion: draft.version,
    reason: 'manual',
    dek: 'A version kept by hand',
  });
  const expected = wordCount(draft.body.root.children);
  const words = `${expected.toLocaleString('en')} words`;
  await page.reload();
  await libraryRows(page).filter({ hasText: 'Diplomacy Watch' }).click();
  await expect(page.locator('.cd-statusbar .cd-count')).toContainText(`${words} ·`);
  await expect(libraryRows(page).filter({ hasText: 'Diplomacy Watch' })).toContainText(words);
  await page.getByRole('tab', { name: /^History/ }).click();
  await expect(page.locator('#cd-side-panel .cd-rev-delta').first()).toHaveText(words);
  await page.getByRole('button', { name: 'Desk', exact: true }).click();
  await expect(page.locator('.cd-card').filter({ hasText: 'Diplomacy Watch' })).toContainText(`${words} · waiting`);
});

// The first-run dialog itself is in first-run.spec.ts.
test('a credit shows as typed, not in capitals', async ({ app }) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  const credit = page.locator('.cd-body figure').getByLabel('Credit');
  await credit.fill('Jean Dupré/Pool via Reuters');
  await expect(credit).toHaveCSS('text-transform', 'none');
  await expect(credit).toHaveValue('Jean Dupré/Pool via Reuters');
});

test('the link dialog opens beside the selected words, keeps them highlighted, and judges the address only when it is submitted', async ({
  app,
}) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  const words = await selectWords(page, 'negotiating hand');
  await expect(page.getByRole('button', { name: 'Add a review note on the selected words' })).toBeEnabled();
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Link' });
  const address = dialog.getByLabel('Link address');
  await expect(address).toBeFocused();
  await expect(address).toHaveValue('');
  await expect(dialog.getByText('Not a web address')).toBeHidden();
  // Just under the words, not at the top of the window.
  const box = (await dialog.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(words.bottom);
  expect(box.y).toBeLessThan(words.bottom + 40);
  expect(box.x).toBeLessThan(words.right);
  // The words stay highlighted while the caret is in the dialog.
  const highlight = (await page.locator('.cd-link-words').first().boundingBox())!;
  expect(Math.abs(highlight.y - words.top)).toBeLessThan(2);
  expect(Math.abs(highlight.x - words.left)).toBeLessThan(2);

  await address.fill('hand dot com');
  await address.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText('Not a web address: it must start with http:// or https://');
  await address.fill('https://example.org/hand');
  await expect(dialog.getByText('Not a web address')).toBeHidden();
  await address.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.locator('.cd-body a[href="https://example.org/hand"]')).toHaveText('negotiating hand');
  await expect(page.locator('.cd-link-words')).toHaveCount(0);
});

test('a new link starts from a web address on the clipboard, selected, with the words still highlighted; an existing link keeps its own', async ({
  app,
}) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  await copyToClipboard(page, '  https://example.org/copied  ');
  await selectWords(page, 'negotiating hand');
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Link' });
  const address = dialog.getByLabel('Link address');
  await expect(address).toHaveValue('https://example.org/copied');
  await expect(address).toBeFocused();
  // Selected whole: typing would replace it, Enter takes it.
  await expect
    .poll(() => address.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd]))
    .toEqual([0, 'https://example.org/copied'.length]);
  await expect(page.locator('.cd-link-words').first()).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await address.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.locator('.cd-body a[href="https://example.org/copied"]')).toHaveText('negotiating hand');

  // On a link already there, the dialog shows that link, not the clipboard's.
  await copyToClipboard(page, 'https://example.org/other');
  await selectWords(page, 'negotiating hand');
  await page.keyboard.press('Control+k');
  await afterClipboardRead(page);
  await expect(address).toHaveValue('https://example.org/copied');
  await expect(dialog.getByRole('button', { name: 'Update link' })).toBeVisible();
});

test('plain words on the clipboard are not taken for an address, and a wrong address is said only on submit', async ({
  app,
}) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  await copyToClipboard(page, 'negotiating hand');
  await selectWords(page, 'negotiating hand');
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Link' });
  const address = dialog.getByLabel('Link address');
  await afterClipboardRead(page);
  await expect(address).toHaveValue('');
  await expect(page.locator('.cd-link-words').first()).toBeVisible();
  await address.click();
  await page.keyboard.type('example dot org');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await address.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText('Not a web address: it must start with http:// or https://');
  await expect(dialog).toBeVisible();
  await expect(page.locator('.cd-body a').filter({ hasText: 'negotiating hand' })).toHaveCount(0);
});

test('with the clipboard refused, the link dialog opens empty and says nothing about it', async ({ app }) => {
  const { page, store } = app;
  await openFixture(page, store, 'diplomacy-watch', /Diplomacy Watch/);
  // An address is there to be read, but the app may not read it.
  await copyToClipboard(page, 'https://example.org/copied');
  await page.context().clearPermissions();
  await selectWords(page, 'negotiating hand');
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Link' });
  await expect(dialog.getByLabel('Link address')).toBeFocused();
  // Nothing is to happen, so give a refused read its time to come back.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
  await expect(dialog.getByLabel('Link address')).toHaveValue('');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
});
