import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainText, type LexicalDocument } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { FIXTURE_IMAGES_DIR, loadFixture } from '../support/fixtures';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * Find and replace in the open piece, in Chromium with the real store, by
 * keys, labels and visible text: Ctrl+F finds across the headline, dek,
 * body (even across bold) and a figure's caption with a count; match case
 * and whole word narrow it; next and previous walk the matches; replace
 * one and replace all change the piece, and one Ctrl+Z undoes a replace
 * all everywhere.
 */

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const rows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');
const bar = (page: Page) => page.getByRole('search', { name: 'Find and replace' });
const count = (page: Page) => bar(page).getByRole('status');
/** The page being written (the fields pane shows some of the same fields). */
const piece = (page: Page) => page.getByRole('article');

test('find counts matches across headline, dek, body and captions; replace one and all; one undo takes a replace all back', async ({
  app,
}) => {
  const { page, store } = app;
  const image = loadFixture('diplomacy-watch').images[0]!;
  const record = await store.call('images.import', {
    name: image.file,
    dataBase64: readFileSync(join(FIXTURE_IMAGES_DIR, image.file)).toString('base64'),
  });
  const body: LexicalDocument = {
    root: {
      type: 'root',
      children: [
        paragraphNode([
          textNode('The harbour plan was approved. Harbourmasters objected to the '),
          textNode('harb', ['bold']),
          textNode('our wall.'),
        ]),
        figureNode({
          image: record.id,
          alt: 'The quay',
          caption: 'Boats in the harbour at dawn',
          credit: 'Staff',
          license: '',
        }),
        paragraphNode([textNode('Fishermen said the HARBOUR plan ignores them.')]),
      ],
    },
  };
  const draft = await store.call('drafts.create', {
    headline: 'Harbour plan approved',
    dek: 'The harbour will be dredged',
    body,
  });

  await page.reload();
  await rows(page).filter({ hasText: 'Harbour plan approved' }).click();
  await page.getByLabel('Body text').click();

  // Ctrl+F opens the bar with the find field focused.
  await page.keyboard.press(`${mod}+f`);
  await expect(page.getByLabel('Find', { exact: true })).toBeFocused();
  await page.keyboard.type('harbour');
  // Headline, dek, 3 in the body (one across bold), 1 in the caption, 1 upper case: 7.
  await expect(count(page)).toHaveText('1 of 7');
  // The headline holds the first match and is outlined as the current one.
  await expect(piece(page).getByLabel('Headline', { exact: true })).toHaveAttribute('data-find', 'current');
  await expect(piece(page).getByRole('textbox', { name: 'Caption' })).toHaveAttribute('data-find', 'match');
  // The body's matches are painted without touching the document.
  const painted = await page.evaluate(() => [
    CSS.highlights.get('cd-find')?.size ?? 0,
    CSS.highlights.get('cd-find-current')?.size ?? 0,
  ]);
  expect(painted).toEqual([4, 0]);
  await app.screenshot('find-bar');
  expect(await blockingViolations(page)).toEqual([]);

  // Next and previous walk them, with Enter and Shift+Enter too, and wrap around.
  await bar(page).getByRole('button', { name: 'Next match' }).click();
  await expect(count(page)).toHaveText('2 of 7');
  await expect(piece(page).getByLabel('Dek')).toHaveAttribute('data-find', 'current');
  await page.getByLabel('Find', { exact: true }).press('Enter');
  await expect(count(page)).toHaveText('3 of 7');
  expect(await page.evaluate(() => CSS.highlights.get('cd-find-current')?.size)).toBe(1);
  await page.getByLabel('Find', { exact: true }).press('Shift+Enter');
  await page.getByLabel('Find', { exact: true }).press('Shift+Enter');
  await page.getByLabel('Find', { exact: true }).press('Shift+Enter');
  await expect(count(page)).toHaveText('7 of 7');

  // Whole word drops "Harbourmasters"; match case keeps only the lower-case ones.
  await bar(page).getByLabel('Whole word').check();
  await expect(count(page)).toHaveText('1 of 6');
  await bar(page).getByLabel('Match case').check();
  await expect(count(page)).toHaveText('1 of 4');
  await bar(page).getByLabel('Whole word').uncheck();
  await bar(page).getByLabel('Match case').uncheck();
  await page.getByLabel('Find', { exact: true }).fill('nothing like this');
  await expect(count(page)).toHaveText('No matches');

  // Ctrl+H adds the replace row and focuses it once there is something to find.
  await page.getByLabel('Find', { exact: true }).fill('harbour');
  await page.keyboard.press(`${mod}+h`);
  await expect(page.getByLabel('Replace with')).toBeFocused();
  await page.keyboard.type('port');

  // Replace one replaces the current match (the headline) and moves on.
  await bar(page).getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(piece(page).getByLabel('Headline', { exact: true })).toHaveValue('port plan approved');
  await expect(count(page)).toHaveText('1 of 6');

  // Replace all: the rest, everywhere, formatting kept around the match that crossed bold.
  await bar(page).getByRole('button', { name: 'Replace all' }).click();
  await expect(count(page)).toHaveText('No matches');
  await expect(piece(page).getByLabel('Dek')).toHaveValue('The port will be dredged');
  await expect(page.getByLabel('Body text')).toContainText(
    'The port plan was approved. portmasters objected to the port wall.',
  );
  await expect(page.getByLabel('Body text')).toContainText('Fishermen said the port plan ignores them.');
  await expect(piece(page).getByRole('textbox', { name: 'Caption' })).toHaveValue('Boats in the port at dawn');

  // One Ctrl+Z in the text takes the whole replace all back, dek and caption too (not the single replace before it).
  await page.getByLabel('Body text').getByText('Fishermen').click();
  await page.keyboard.press(`${mod}+z`);
  await expect(page.getByLabel('Body text')).toContainText(
    'The harbour plan was approved. Harbourmasters objected to the harbour wall.',
  );
  await expect(page.getByLabel('Body text')).toContainText('the HARBOUR plan');
  await expect(piece(page).getByRole('textbox', { name: 'Caption' })).toHaveValue('Boats in the harbour at dawn');
  await expect(piece(page).getByLabel('Dek')).toHaveValue('The harbour will be dredged');
  await expect(piece(page).getByLabel('Headline', { exact: true })).toHaveValue('port plan approved');
  await expect(count(page)).toHaveText('1 of 6');

  // Replace all again; Escape closes the bar and takes the paint away; the piece is saved as it reads.
  await bar(page).getByRole('button', { name: 'Replace all' }).click();
  await expect(count(page)).toHaveText('No matches');
  await page.getByLabel('Find', { exact: true }).press('Escape');
  await expect(bar(page)).toBeHidden();
  expect(await page.evaluate(() => CSS.highlights.has('cd-find'))).toBe(false);
  await expect(page.getByText(/^Saved/)).toBeVisible();
  await expect
    .poll(async () => {
      const saved = await store.call('drafts.get', { id: draft.id });
      return [saved.headline, saved.dek, plainText(saved.body)];
    })
    .toEqual([
      'port plan approved',
      'The port will be dredged',
      expect.stringContaining('portmasters objected to the port wall'),
    ]);
  const saved = await store.call('drafts.get', { id: draft.id });
  expect(plainText(saved.body)).not.toMatch(/harbour/i);
  expect(JSON.stringify(saved.body)).toContain('"caption":"Boats in the port at dawn"');
});
