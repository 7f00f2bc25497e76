import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LexicalDocument, SerializedNode } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { FIXTURE_IMAGES_DIR, loadFixture } from '../support/fixtures';
import type { TestStore } from '../support/store';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * The block tools, by keys, roles and visible text: the `/` inserter on an
 * empty line (each block, filtering, Escape, a click), moving blocks with
 * Alt+Shift+Up/Down (and one undo), and dragging a figure by its handle.
 */

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const image = loadFixture('diplomacy-watch').images[0]!;
const rows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');
const inserter = (page: Page) => page.getByRole('listbox', { name: 'Insert a block' });
const body = (page: Page) => page.getByLabel('Body text');

async function openPiece(
  page: Page,
  store: TestStore,
  headline: string,
  children: SerializedNode[],
  sources: Array<{ outlet: string; title: string }> = [],
): Promise<string> {
  const document: LexicalDocument = { root: { type: 'root', children } };
  const draft = await store.call('drafts.create', { headline, body: document, sources });
  await page.reload();
  await rows(page).filter({ hasText: headline }).click();
  await expect(body(page)).toBeVisible();
  return draft.id;
}

/** The saved body's top-level blocks once the piece has saved, as type (and tag or list type). */
async function savedBlocks(page: Page, store: TestStore, id: string): Promise<SerializedNode[]> {
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/);
  return (await store.call('drafts.get', { id })).body.root.children;
}

const shape = (node: SerializedNode): string =>
  [node.type, (node as { tag?: string }).tag, (node as { listType?: string }).listType].filter(Boolean).join(':');

const textOf = (node: SerializedNode): string =>
  (node as { text?: string }).text ?? (node.children ?? []).map(textOf).join('');

test('the / inserter offers every block on an empty line, filters as one types, and inserts by keys alone', async ({
  app,
}) => {
  const { page, store } = app;
  const id = await openPiece(
    page,
    store,
    'Ceasefire talks',
    [paragraphNode([textNode('The talks resumed on Monday.')])],
    [
      { outlet: 'Reuters', title: 'Talks resume in Doha' },
      { outlet: 'AP', title: 'Envoys return' },
    ],
  );
  await body(page).click();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.press('Enter');

  // "/" on the empty line: every block, the first one active, the text keeping the focus.
  await page.keyboard.type('/');
  await expect(inserter(page).getByRole('option')).toHaveText([
    'Heading 2',
    'Heading 3',
    'Bulleted list',
    'Numbered list',
    'Quote',
    'Figure',
    'Divider',
    'Citation',
  ]);
  await expect(inserter(page).getByRole('option', { name: 'Heading 2' })).toHaveAttribute('aria-selected', 'true');
  await expect(body(page)).toBeFocused();
  await expect(body(page)).toHaveAttribute('aria-activedescendant', /.+/);
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('slash-inserter');

  // The arrows move through it and wrap around; Enter inserts the active block in place of the "/".
  await page.keyboard.press('ArrowUp');
  await expect(inserter(page).getByRole('option', { name: 'Citation' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(inserter(page).getByRole('option', { name: 'Heading 3' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(inserter(page)).toBeHidden();
  await page.keyboard.type('Where the talks stand');
  await page.keyboard.press('Enter');

  // Typing filters, by name or another word for it.
  await page.keyboard.type('/h3');
  await expect(inserter(page).getByRole('option')).toHaveText(['Heading 3']);
  await page.keyboard.press('Enter');
  await page.keyboard.type('The envoys');
  await page.keyboard.press('Enter');

  await page.keyboard.type('/bul');
  await expect(inserter(page).getByRole('option')).toHaveText(['Bulleted list']);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Qatar');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Egypt');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');

  await page.keyboard.type('/numbered');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Ceasefire first');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');

  await page.keyboard.type('/quo');
  await expect(inserter(page).getByRole('option')).toHaveText(['Quote']);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Nothing was broken off.');
  await page.keyboard.press('Enter');

  await page.keyboard.type('/rule');
  await expect(inserter(page).getByRole('option')).toHaveText(['Divider']);
  await page.keyboard.press('Enter');
  // The divider goes in, and the writer goes on on the line under it.
  await page.keyboard.type('After the break.');
  await page.keyboard.press('Enter');

  // Figure opens the toolbar's image picker; the chosen image comes in on that line.
  // Waited for before typing: Playwright turns on its file-chooser interception asynchronously, and a chooser
  // opened before that is the browser's own, which headless Chromium cancels.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.type('/image');
  await expect(inserter(page).getByRole('option')).toHaveText(['Figure']);
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(join(FIXTURE_IMAGES_DIR, image.file));
  await expect(page.locator('.cd-body figure img')).toBeVisible();
  await page.locator('.cd-body figure').getByLabel('Caption').fill(image.caption);

  // Citation asks which of the piece's sources.
  await page.locator('.cd-body p').last().click();
  await page.keyboard.type('/cite');
  await expect(inserter(page).getByRole('option')).toHaveText(['Citation']);
  await page.keyboard.press('Enter');
  const sources = page.getByRole('listbox', { name: 'Cite a source' });
  await expect(sources.getByRole('option')).toHaveText(['1. ReutersTalks resume in Doha', '2. APEnvoys return']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(sources).toBeHidden();

  const blocks = await savedBlocks(page, store, id);
  expect(blocks.map(shape)).toEqual([
    'paragraph',
    'heading:h2',
    'heading:h3',
    'list:ul:bullet',
    'list:ol:number',
    'quote',
    'horizontalrule',
    'paragraph',
    'figure',
    'paragraph',
  ]);
  expect(blocks.map(textOf)).toEqual([
    'The talks resumed on Monday.',
    'Where the talks stand',
    'The envoys',
    'QatarEgypt',
    'Ceasefire first',
    'Nothing was broken off.',
    '',
    'After the break.',
    '',
    '',
  ]);
  expect(blocks[8]).toMatchObject({ type: 'figure', caption: image.caption });
  const draft = await store.call('drafts.get', { id });
  expect(blocks[9]!.children).toEqual([expect.objectContaining({ type: 'citation', sourceId: draft.sources[1]!.id })]);
});

test('Escape closes the / menu leaving the text; a / mid-sentence or in a word opens nothing; a click inserts', async ({
  app,
}) => {
  const { page, store } = app;
  const id = await openPiece(page, store, 'Slash rules', [paragraphNode([textNode('First line.')])]);
  await body(page).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');

  await page.keyboard.type('/quo');
  await expect(inserter(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(inserter(page)).toBeHidden();
  await expect(body(page)).not.toHaveAttribute('aria-activedescendant', /.*/);
  // Typing on after Escape keeps it closed: the writer meant the text.
  await page.keyboard.type('ta is full');
  await expect(inserter(page)).toBeHidden();
  await page.keyboard.press('Enter');

  await page.keyboard.type('He said yes/no and then/');
  await expect(inserter(page)).toBeHidden();
  await page.keyboard.press('Enter');
  // A citation with no sources cannot be chosen, and says why.
  await page.keyboard.type('/');
  await expect(inserter(page).getByRole('option', { name: /Citation/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(inserter(page).getByRole('option', { name: /Citation/ })).toContainText('add a source first');
  // A block that matches nothing closes the menu, and the keys go back to the text.
  await page.keyboard.type('zzz');
  await expect(inserter(page)).toBeHidden();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
  await expect(inserter(page)).toBeVisible();
  await inserter(page).getByRole('option', { name: 'Divider' }).click();
  await expect(inserter(page)).toBeHidden();
  await expect(body(page)).toBeFocused();

  const blocks = await savedBlocks(page, store, id);
  expect(blocks.map(shape)).toEqual(['paragraph', 'paragraph', 'paragraph', 'horizontalrule', 'paragraph']);
  expect(blocks.map(textOf)).toEqual(['First line.', '/quota is full', 'He said yes/no and then/', '', '']);
});

/** The body's blocks as the writer sees them: each one's text, "[figure: caption]" for a figure. */
async function shownBlocks(page: Page): Promise<string[]> {
  return (
    page
      // Lexical's own caret helpers beside a figure are not blocks.
      .locator('.cd-body > :not([data-lexical-cursor], [data-lexical-decorator-boundary])')
      .evaluateAll((nodes) =>
        nodes.map((n) =>
          n.querySelector('figure')
            ? `[figure: ${n.querySelector<HTMLInputElement>('[aria-label="Caption"]')?.value ?? ''}]`
            : (n.textContent ?? ''),
        ),
      )
  );
}

test('Alt+Shift+Up/Down move the caret’s block, a selected figure, or the palette’s command; each move is one undo', async ({
  app,
}) => {
  const { page, store } = app;
  const record = await store.call('images.import', {
    name: image.file,
    dataBase64: readFileSync(join(FIXTURE_IMAGES_DIR, image.file)).toString('base64'),
  });
  const id = await openPiece(page, store, 'Moving blocks', [
    paragraphNode([textNode('Alpha.')]),
    paragraphNode([textNode('Bravo.')]),
    figureNode({ image: record.id, alt: image.alt, caption: 'The quay', credit: 'Staff', license: 'CC BY 4.0' }),
    paragraphNode([textNode('Charlie.')]),
  ]);
  await page.locator('.cd-body p', { hasText: 'Bravo.' }).click();
  await page.keyboard.press('End');

  await page.keyboard.press('Alt+Shift+ArrowUp');
  await expect.poll(() => shownBlocks(page)).toEqual(['Bravo.', 'Alpha.', '[figure: The quay]', 'Charlie.']);
  // At the top it stays; the caret stays in the moved text.
  await page.keyboard.press('Alt+Shift+ArrowUp');
  await page.keyboard.press('Alt+Shift+ArrowDown');
  await page.keyboard.press('Alt+Shift+ArrowDown');
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', '[figure: The quay]', 'Bravo.', 'Charlie.']);
  await page.keyboard.type(' Yes.');
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', '[figure: The quay]', 'Bravo. Yes.', 'Charlie.']);

  // Undo takes back the typing, then one move at a time.
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', '[figure: The quay]', 'Bravo.', 'Charlie.']);
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', 'Bravo.', '[figure: The quay]', 'Charlie.']);

  // A figure chosen by a click moves whole, its words with it.
  await page.locator('.cd-body figure img').click();
  await page.keyboard.press('Alt+Shift+ArrowDown');
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', 'Bravo.', 'Charlie.', '[figure: The quay]']);

  // The command palette lists the move, with its keys, and carries it out on the text.
  await page.locator('.cd-body p', { hasText: 'Alpha.' }).click();
  await page.keyboard.press(`${mod}+Shift+p`);
  await page.keyboard.type('move block down');
  await expect(page.getByRole('option', { name: /Move block down/ })).toContainText('Alt+Shift+Down');
  await page.keyboard.press('Enter');
  await expect.poll(() => shownBlocks(page)).toEqual(['Bravo.', 'Alpha.', 'Charlie.', '[figure: The quay]']);

  const blocks = await savedBlocks(page, store, id);
  expect(blocks.map(textOf)).toEqual(['Bravo.', 'Alpha.', 'Charlie.', '']);
  expect(blocks[3]).toMatchObject({
    type: 'figure',
    image: record.id,
    alt: image.alt,
    caption: 'The quay',
    credit: 'Staff',
    license: 'CC BY 4.0',
  });
});

test('a figure dragged by its handle moves between blocks with all its words, the landing line shown; image files still drop in', async ({
  app,
}) => {
  const { page, store } = app;
  const record = await store.call('images.import', {
    name: image.file,
    dataBase64: readFileSync(join(FIXTURE_IMAGES_DIR, image.file)).toString('base64'),
  });
  const id = await openPiece(page, store, 'Dragging a figure', [
    paragraphNode([textNode('Alpha.')]),
    figureNode({ image: record.id, alt: image.alt, caption: 'The quay', credit: 'Staff', license: 'CC BY 4.0' }),
    paragraphNode([textNode('Bravo.')]),
    paragraphNode([textNode('Charlie.')]),
  ]);
  const handle = page.getByRole('button', { name: 'Move figure' });
  await expect(handle).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);

  // Press on the handle, pass over Bravo (the line shows the gap under it), let go on the lower half of Charlie.
  // Tall enough that the drag never nears the window's edge, where Chromium would scroll the page under it.
  await page.setViewportSize({ width: 1280, height: 1600 });
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  const bravo = (await page.locator('.cd-body p', { hasText: 'Bravo.' }).boundingBox())!;
  const charlie = (await page.locator('.cd-body p', { hasText: 'Charlie.' }).boundingBox())!;
  await page.mouse.move(bravo.x + 40, bravo.y + bravo.height * 0.8, { steps: 5 });
  // The browser sends dragover as the pointer moves: a last nudge reports where it came to rest.
  await page.mouse.move(bravo.x + 41, bravo.y + bravo.height * 0.8);
  const line = page.locator('.cd-drop-line');
  await expect(line).toBeVisible();
  const shownAt = (await line.boundingBox())!;
  expect(shownAt.y).toBeGreaterThanOrEqual(bravo.y + bravo.height - 2);
  expect(shownAt.y).toBeLessThanOrEqual(charlie.y + 2);
  await app.screenshot('figure-drag');
  await page.mouse.move(charlie.x + 40, charlie.y + charlie.height * 0.8, { steps: 5 });
  await page.mouse.move(charlie.x + 41, charlie.y + charlie.height * 0.8);
  await page.mouse.up();
  await expect(line).toBeHidden();
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', 'Bravo.', 'Charlie.', '[figure: The quay]']);

  // One undo puts it back.
  await page.locator('.cd-body p', { hasText: 'Alpha.' }).click();
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', '[figure: The quay]', 'Bravo.', 'Charlie.']);
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect.poll(() => shownBlocks(page)).toEqual(['Alpha.', 'Bravo.', 'Charlie.', '[figure: The quay]']);

  // An image file dropped from the system still comes in as a new figure.
  const bytes = readFileSync(join(FIXTURE_IMAGES_DIR, image.file)).toString('base64');
  await page.evaluate(
    ({ base64, name }) => {
      const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([raw], name, { type: 'image/png' }));
      document
        .querySelector('.cd-body')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { base64: bytes, name: image.file },
  );
  await expect(page.locator('.cd-body figure')).toHaveCount(2);

  const blocks = await savedBlocks(page, store, id);
  const figures = blocks.filter((b) => b.type === 'figure');
  expect(figures).toHaveLength(2);
  expect(blocks.map(textOf).filter(Boolean)).toEqual(['Alpha.', 'Bravo.', 'Charlie.']);
  // The moved figure is still the one after Charlie.
  const charlieAt = blocks.findIndex((b) => textOf(b) === 'Charlie.');
  expect(blocks.findIndex((b) => (b as { caption?: string }).caption === 'The quay')).toBeGreaterThan(charlieAt);
  expect(figures).toContainEqual(
    expect.objectContaining({
      image: record.id,
      alt: image.alt,
      caption: 'The quay',
      credit: 'Staff',
      license: 'CC BY 4.0',
    }),
  );
});
