import type { Page } from '@playwright/test';
import { MARKDOWN_EXAMPLES } from '../../src/renderer/src/editor/markdownExamples';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * The command palette (Ctrl/Cmd+Shift+P) and the shortcuts sheet
 * (Ctrl/Cmd+/), in Chromium with the real store, by keys, roles and
 * labels: the palette reaches the desk's actions by name, greys the
 * piece's while none is open, and gives the focus back; the sheet lists
 * the table's shortcuts; and menu choices (`app.command`) run the same
 * commands.
 */

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const modName = process.platform === 'darwin' ? 'Cmd' : 'Ctrl';
const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
const commandBox = (page: Page) => palette(page).getByRole('combobox', { name: 'Command' });
const option = (page: Page, name: string) => palette(page).getByRole('option', { name: new RegExp(`^${name}`) });
const piece = (page: Page) => page.getByRole('article');
const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press(`${mod}+Shift+P`);
  await expect(commandBox(page)).toBeFocused();
}

test('the palette runs the desk by name: a new draft, find, a view, bold on the selection; Escape gives the focus back', async ({
  app,
}) => {
  const { page } = app;
  const search = page.getByLabel('Search drafts');
  await search.focus();

  await openPalette(page);
  await expect(palette(page)).toHaveAttribute('aria-modal', 'true');
  // With no piece open, the piece's commands are greyed and say why.
  await page.keyboard.type('publish');
  await expect(option(page, 'Publish…')).toHaveAttribute('aria-disabled', 'true');
  await expect(option(page, 'Publish…')).toContainText('open a piece first');
  await expect(option(page, 'Publish…')).toContainText(`${modName}+Shift+U`);
  // The Publishing view comes first (its label starts the same); Enter on the greyed command below it does nothing.
  await expect(palette(page).getByRole('option').first()).toHaveAccessibleName(/^Publishing/);
  await page.keyboard.press('ArrowDown');
  await expect(option(page, 'Publish…')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('palette');
  // Escape closes it and the focus goes back where it was.
  await page.keyboard.press('Escape');
  await expect(palette(page)).toHaveCount(0);
  await expect(search).toBeFocused();

  // "new draft", Enter: a new draft, with the caret in its headline.
  await openPalette(page);
  await page.keyboard.type('new draft');
  await expect(option(page, 'New draft')).toHaveAttribute('aria-selected', 'true');
  await expect(option(page, 'New draft')).toContainText(`${modName}+N`);
  await page.keyboard.press('Enter');
  await expect(palette(page)).toHaveCount(0);
  const headline = piece(page).getByLabel('Headline', { exact: true });
  await expect(headline).toBeFocused();
  await page.keyboard.type('Ferries run again');
  await expect(headline).toHaveValue('Ferries run again');
  await expect(page.getByRole('listbox', { name: 'Drafts' }).getByRole('option')).toHaveCount(1);

  // Bold from the palette acts on the words selected before it opened.
  const body = page.getByLabel('Body text');
  await body.click();
  await page.keyboard.type('The harbour reopened today');
  // Selected by keys, not a double-click: a click's spot can move under it while the fields pane settles.
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => page.evaluate(() => getSelection()?.toString())).toBe('The');
  await openPalette(page);
  await page.keyboard.type('bold');
  await expect(option(page, 'Bold')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(body.locator('.cd-bold')).toHaveText('The');
  await expect(body).toBeFocused();

  // "Find" runs find: the bar opens with its field focused.
  await openPalette(page);
  await page.keyboard.type('find');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('search', { name: 'Find and replace' })).toBeVisible();
  await expect(page.getByLabel('Find', { exact: true })).toBeFocused();

  // Arrows walk the list; Enter runs the one chosen: the check's rules, a view.
  await openPalette(page);
  await page.keyboard.type('check');
  const options = palette(page).getByRole('option');
  await expect(options.first()).toHaveAccessibleName(/^Check rules/);
  await expect(options.nth(1)).toHaveAccessibleName(/^Run the check/);
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(commandBox(page)).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  await page.keyboard.press('ArrowUp');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(nav(page, 'Check rules')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('main').getByRole('heading', { level: 1, name: 'Pre-publish check' })).toBeVisible();

  // A typo that matches nothing says so.
  await openPalette(page);
  await page.keyboard.type('zzzz');
  await expect(options).toHaveCount(0);
  await expect(palette(page).getByRole('status')).toHaveText('No command matches “zzzz”.');
  await page.keyboard.press('Escape');

  // "view desk": the menu's name finds its commands too.
  await openPalette(page);
  await page.keyboard.type('view desk');
  await page.keyboard.press('Enter');
  await expect(nav(page, 'Desk')).toHaveAttribute('aria-current', 'page');
});

test(`${modName}+/ shows every shortcut by menu, ${modName}+S among them; Escape closes it and the focus returns`, async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('drafts.create', { headline: 'Harbour plan approved' });
  await page.reload();
  await page
    .getByRole('listbox', { name: 'Drafts' })
    .getByRole('option')
    .filter({ hasText: 'Harbour plan approved' })
    .click();
  const body = page.getByLabel('Body text');
  await body.click();

  await page.keyboard.press(`${mod}+/`);
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveAttribute('aria-modal', 'true');
  for (const group of ['File', 'Edit', 'View', 'Piece', 'Help', 'Formatting', 'Typed as you write'])
    await expect(sheet.getByRole('heading', { name: group, exact: true })).toBeVisible();
  const row = (name: string) => sheet.getByRole('row', { name: new RegExp(`^${name}`) });
  await expect(row('Save a version')).toContainText(`${modName}+S`);
  await expect(row('Link…')).toContainText(`${modName}+K`);
  await expect(row('Command palette…')).toContainText(`${modName}+Shift+P`);
  await expect(row('Bold')).toContainText(`${modName}+B`);
  await expect(row('a quote')).toContainText('>');
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('shortcuts-sheet');
  // Tab stays in the sheet.
  await page.keyboard.press('Tab');
  await expect(sheet.getByRole('button', { name: 'Close' })).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(body).toBeFocused();

  // The same keys that open the sheet close it.
  await page.keyboard.press(`${mod}+/`);
  await expect(sheet).toBeVisible();
  await page.keyboard.press(`${mod}+/`);
  await expect(sheet).toHaveCount(0);
});

test('menu choices reach the window as commands and run there: find, publish, a view, the sheet', async ({ app }) => {
  const { page, store } = app;
  await store.call('drafts.create', { headline: 'Harbour plan approved' });
  await page.reload();
  // With no piece open, a piece's command says so instead of doing nothing.
  await app.emit({ type: 'app.command', command: 'edit.find' });
  await expect(page.getByText('Find: open a piece first.')).toBeVisible();

  await page
    .getByRole('listbox', { name: 'Drafts' })
    .getByRole('option')
    .filter({ hasText: 'Harbour plan approved' })
    .click();
  await expect(piece(page).getByLabel('Headline', { exact: true })).toHaveValue('Harbour plan approved');
  await app.emit({ type: 'app.command', command: 'edit.find' });
  await expect(page.getByRole('search', { name: 'Find and replace' })).toBeVisible();
  await app.emit({ type: 'app.command', command: 'piece.publish' });
  await expect(page.getByRole('dialog', { name: /Publish/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await app.emit({ type: 'app.command', command: 'view.tags' });
  await expect(nav(page, 'Tags')).toHaveAttribute('aria-current', 'page');
  await app.emit({ type: 'app.command', command: 'help.shortcuts' });
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
});

/** Where each of the sheet's Markdown examples shows in the editor's text (the editor's theme, editorConfig.ts). */
const MADE: Record<string, string> = {
  'a heading (# to ###### and a space)': 'h2.cd-h2',
  'a quote': 'blockquote.cd-quote',
  'a bulleted list': 'ul.cd-ul',
  'a numbered list': 'ol.cd-ol',
  'a horizontal rule': 'hr',
  bold: '.cd-bold:not(.cd-italic)',
  italic: '.cd-italic:not(.cd-bold)',
  'bold italic': '.cd-bold.cd-italic',
  'inline code': '.cd-code',
  strikethrough: '.cd-strike',
  highlight: 'mark',
  'a link': 'a.cd-link',
  // Marks are numbered in the order of citing; the title names the source cited.
  'a citation of the second source': '.cd-citation-mark[title^="Reuters"]',
};

test('every Markdown the sheet lists does what it says when typed into the text', async ({ app }) => {
  const { page, store } = app;
  await store.call('drafts.create', {
    headline: 'Typed as you write',
    sources: [{ outlet: 'AP' }, { outlet: 'Reuters' }],
  });
  await page.reload();
  await page
    .getByRole('listbox', { name: 'Drafts' })
    .getByRole('option')
    .filter({ hasText: 'Typed as you write' })
    .click();
  const body = page.getByLabel('Body text');
  await body.click();
  expect(Object.keys(MADE).sort()).toEqual(MARKDOWN_EXAMPLES.map((e) => e.makes).sort());
  for (const { typed, makes } of MARKDOWN_EXAMPLES.flatMap(({ typed, makes }) =>
    typed.map((t) => ({ typed: t, makes })),
  )) {
    // Each from a fresh, empty paragraph.
    await page.keyboard.press(`${mod}+a`);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect(
      body.locator(
        'h1, h2, h3, blockquote, ul, ol, hr, a, [class*="cd-bold"], [class*="cd-italic"], .cd-code, .cd-strike, mark, .cd-citation-mark',
      ),
    ).toHaveCount(0);
    await page.keyboard.type(typed);
    await expect(body.locator(MADE[makes]!), `"${typed}" makes ${makes}`).toHaveCount(1);
    // The marks are taken in: only the words are left.
    expect((await body.innerText()).trim(), typed).not.toContain(typed.trim());
  }
});
