import type { Page } from '@playwright/test';
import { plainText } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * Spelling and house style in the text, offline, in Chromium with the real
 * store: an unknown word is underlined, a click on it offers the
 * dictionary's suggestions and choosing one fixes it (one undo step);
 * "Add to the newsroom dictionary" takes the underline away for good; the
 * editor adds a house-style term on the Check rules screen, and the text
 * shows it underlined with its preferred form offered while the
 * pre-publish check lists it.
 */

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const rows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');
const body = (page: Page) => page.getByRole('textbox', { name: 'Body text' });

/** The words painted by one of the highlights, as the reader sees them underlined. */
const underlined = (page: Page, name: 'cd-spelling' | 'cd-house-style'): Promise<string[]> =>
  page.evaluate((n) => [...(CSS.highlights.get(n)?.keys() ?? [])].map((r) => (r as Range).toString()), name);

/** Clicks in the middle of the underlined word, as a person aims at it (a right-click opens the same menu). */
async function clickUnderlined(
  page: Page,
  name: 'cd-spelling' | 'cd-house-style',
  word: string,
  button: 'left' | 'right' = 'left',
): Promise<void> {
  const box = await page.evaluate(
    ({ n, w }) => {
      const range = [...(CSS.highlights.get(n)?.keys() ?? [])].find((r) => (r as Range).toString() === w) as
        Range | undefined;
      const rect = range?.getBoundingClientRect();
      return rect ? { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 } : null;
    },
    { n: name, w: word },
  );
  if (!box) throw new Error(`“${word}” is not underlined`);
  await page.mouse.click(box.x, box.y, { button });
}

test('a misspelled word is underlined, its suggestions fix it, and the newsroom dictionary keeps a name', async ({
  app,
}) => {
  const { page, store } = app;
  const draft = await store.call('drafts.create', {
    headline: 'Council budget',
    body: {
      root: {
        type: 'root',
        children: [paragraphNode([textNode('The councl met on Tuesday. Mayor Oksanenko spoke first.')])],
      },
    },
  });
  await page.reload();
  await rows(page).filter({ hasText: 'Council budget' }).click();
  await expect(page.getByRole('button', { name: 'Spelling', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => underlined(page, 'cd-spelling'), { timeout: 20_000 }).toEqual(['councl', 'Oksanenko']);

  // A click on the word: the dictionary's suggestions, in a menu.
  await clickUnderlined(page, 'cd-spelling', 'councl');
  const menu = page.getByRole('menu', { name: 'Not in the dictionary: “councl”' });
  await expect(menu.getByRole('menuitem', { name: 'council', exact: true })).toBeVisible({ timeout: 20_000 });
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('spelling-suggestions');
  await menu.getByRole('menuitem', { name: 'council', exact: true }).click();
  await expect(menu).toBeHidden();
  await expect(body(page)).toContainText('The council met on Tuesday.');
  await expect.poll(() => underlined(page, 'cd-spelling')).toEqual(['Oksanenko']);

  // One undo takes the replacement back; redo puts it again.
  await page.keyboard.press(`${mod}+z`);
  await expect(body(page)).toContainText('The councl met');
  await page.keyboard.press(process.platform === 'darwin' ? 'Meta+Shift+z' : 'Control+y');
  await expect(body(page)).toContainText('The council met');

  // From the keyboard: Ctrl/Cmd+. at the caret opens the next underlined word's menu, focused.
  await body(page).press(`${mod}+Home`);
  await page.keyboard.press(`${mod}+.`);
  const nameMenu = page.getByRole('menu', { name: 'Not in the dictionary: “Oksanenko”' });
  const add = nameMenu.getByRole('menuitem', { name: 'Add “Oksanenko” to the newsroom dictionary' });
  await expect(nameMenu.getByRole('menuitem').first()).toBeFocused();
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('“Oksanenko” is in the newsroom dictionary now.')).toBeVisible();
  await expect.poll(() => underlined(page, 'cd-spelling')).toEqual([]);
  await expect
    .poll(async () => plainText((await store.call('drafts.get', { id: draft.id })).body))
    .toBe('The council met on Tuesday. Mayor Oksanenko spoke first.');

  // The dictionary is in the database with the check rules: after a reload the name is still known.
  expect(((await store.call('settings.get', { key: 'check' })).value as { dictionary: string[] }).dictionary).toEqual([
    'Oksanenko',
  ]);
  await page.reload();
  await rows(page).filter({ hasText: 'Council budget' }).click();
  await body(page).click();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.type(' Oksanenko agreed with the counsil.');
  await expect.poll(() => underlined(page, 'cd-spelling'), { timeout: 20_000 }).toEqual(['counsil']);
  await expect(page.getByText(/^Saved/)).toBeVisible();

  // Spelling off takes every underline away, and stays off after a reload.
  await page.getByRole('button', { name: 'Spelling', exact: true }).click();
  await expect.poll(() => underlined(page, 'cd-spelling')).toEqual([]);
  await page.reload();
  await rows(page).filter({ hasText: 'Council budget' }).click();
  await expect(page.getByRole('button', { name: 'Spelling', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(body(page)).toContainText('counsil');
  expect(await underlined(page, 'cd-spelling')).toEqual([]);
});

test('the editor adds a house-style term; the text underlines it with the preferred form and the check lists it', async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Eddie Editor', role: 'editor' });
  await store.call('drafts.create', {
    headline: 'Aid reaches Kiev',
    section: 'World',
    tags: ['Ukraine'],
    body: {
      root: {
        type: 'root',
        children: [paragraphNode([textNode('Trains left Kiev at dawn; prices rose 4 percent.')])],
      },
    },
  });
  await page.reload();

  await page.getByRole('button', { name: 'Check rules' }).click();
  const add = page.getByRole('form', { name: 'Add a house-style term' });
  await add.getByLabel('Avoid').fill('Kiev');
  await add.getByLabel('Use instead (empty: banned)').fill('Kyiv');
  await add.getByLabel('Why').fill('The Ukrainian spelling');
  await add.getByRole('button', { name: 'Add the term' }).click();
  await expect(page.getByText('“Kiev” is in the house style: “Kyiv” is offered instead.')).toBeVisible();
  await add.getByLabel('Avoid').fill('percent');
  await add.getByLabel('Use instead (empty: banned)').fill('per cent');
  await add.getByRole('button', { name: 'Add the term' }).click();
  const list = page.getByRole('region', { name: 'House style' });
  await expect(list.getByRole('rowheader')).toHaveText(['Kiev', 'percent']);

  // A term already listed, in any case, is refused with the reason, and the list stays as it was.
  await add.getByLabel('Avoid').fill('KIEV');
  await add.getByLabel('Use instead (empty: banned)').fill('Kyiv');
  await add.getByRole('button', { name: 'Add the term' }).click();
  await expect(list.getByRole('alert')).toHaveText('“KIEV” is already in the house-style list.');
  // So is a banned term with no reason.
  await add.getByLabel('Avoid').fill('slammed');
  await add.getByLabel('Use instead (empty: banned)').fill('');
  await add.getByRole('button', { name: 'Add the term' }).click();
  await expect(list.getByRole('alert')).toHaveText('Say why “slammed” is banned, or give the form to use instead.');
  await expect(list.getByRole('rowheader')).toHaveText(['Kiev', 'percent']);
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('house-style');

  await page.getByRole('button', { name: 'Write', exact: true }).click();
  await rows(page).filter({ hasText: 'Aid reaches Kiev' }).click();
  await expect.poll(() => underlined(page, 'cd-house-style'), { timeout: 20_000 }).toEqual(['Kiev', 'percent']);
  expect(await underlined(page, 'cd-spelling')).toEqual([]);

  // The pre-publish check lists both, the headline's Kiev too.
  await page.getByRole('tab', { name: 'Review', exact: true }).click();
  const check = page.locator('.cd-check');
  await expect(check).toContainText('House style: “Kiev” in the headline; use “Kyiv” (The Ukrainian spelling).');
  await expect(check).toContainText('House style: “Kiev” in the text; use “Kyiv” (The Ukrainian spelling).');
  await expect(check).toContainText('House style: “percent” in the text; use “per cent”.');

  // A right-click offers the same menu in place of the system's.
  await clickUnderlined(page, 'cd-house-style', 'Kiev', 'right');
  const menu = page.getByRole('menu', { name: 'House style: “Kiev” → “Kyiv”' });
  await expect(page.getByText('The Ukrainian spelling', { exact: true })).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Use “Kyiv”' }).click();
  await expect(body(page)).toContainText('Trains left Kyiv at dawn');
  await expect.poll(() => underlined(page, 'cd-house-style')).toEqual(['percent']);
  await expect(check).not.toContainText('House style: “Kiev” in the text');
  await expect(check).toContainText('House style: “Kiev” in the headline');
});
