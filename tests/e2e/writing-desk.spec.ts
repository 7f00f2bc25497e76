import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SerializedNode } from '../../src/common/lexical/document';
import { runCli } from '../../src/main/cli';
import { FIXTURE_IMAGES_DIR, loadFixture } from '../support/fixtures';
import { pasteHtml } from './clipboard';
import { grant } from '../support/store';
import { expect, test } from './harness';

const article = loadFixture('diplomacy-watch');
const image = article.images[0]!;
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

function walk(nodes: SerializedNode[], out: SerializedNode[] = []): SerializedNode[] {
  for (const node of nodes) {
    out.push(node);
    if (node.children) walk(node.children, out);
  }
  return out;
}

async function typeRuns(page: Page, runs: Array<{ text: string; italic?: boolean; bold?: boolean }>): Promise<void> {
  for (const run of runs) {
    const mark = run.italic ? `${mod}+i` : run.bold ? `${mod}+b` : null;
    if (mark) await page.keyboard.press(mark);
    await page.keyboard.insertText(run.text);
    if (mark) await page.keyboard.press(mark);
  }
}

/** Selects the last occurrence of `text` in the editor, as a mouse drag would, and waits until the editor has it. */
async function selectText(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const walker = document.createTreeWalker(document.querySelector('.cd-body')!, NodeFilter.SHOW_TEXT);
    let found: { node: Text; at: number } | null = null;
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      const at = node.data.lastIndexOf(needle);
      if (at >= 0) found = { node, at };
    }
    if (!found) throw new Error(`text not found: ${needle}`);
    const range = document.createRange();
    range.setStart(found.node, found.at);
    range.setEnd(found.node, found.at + needle.length);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
  }, text);
  // The toolbar's note button comes alive once the editor holds a selection.
  await expect(page.getByRole('button', { name: 'Add a review note on the selected words' })).toBeEnabled();
}

/** Library rows that have loaded (placeholders are hidden from the accessibility tree). */
const libraryRows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');

async function cite(page: Page, sourceNumber: number): Promise<void> {
  await page
    .locator('.cd-source')
    .nth(sourceNumber - 1)
    .getByRole('button', { name: 'Cite' })
    .click();
  await page.getByLabel('Body text').press('End');
}

test('a writer drafts the diplomacy-watch piece from scratch and finds every part after a reload', async ({ app }) => {
  const { page, store } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Headline', { exact: true }).fill(article.headline);
  await page.getByLabel('Dek').fill(article.dek);

  await page.getByLabel('Add authors').fill(article.byline[0]!);
  await page.getByLabel('Add authors').press('Enter');
  await page.getByLabel('Section', { exact: true }).fill(article.section);
  for (const tag of article.tags) {
    await page.getByLabel('Add tags').fill(tag);
    await page.getByLabel('Add tags').press('Enter');
  }
  // Case-insensitive de-duplication: the same tag again in other case is not added twice.
  await page.getByLabel('Add tags').fill(article.tags[0]!.toUpperCase());
  await page.getByLabel('Add tags').press('Enter');
  await expect(page.locator('.cd-chip')).toHaveCount(1 + article.tags.length);

  for (const source of article.sources) {
    await page.getByRole('button', { name: 'Add source' }).click();
    const form = page.locator('.cd-source-form');
    await form.getByLabel('Outlet').fill(source.outlet);
    await form.getByLabel('Title').fill(source.title);
    await form.getByLabel('URL').fill(source.url);
    if (source.author) await form.getByLabel('Author').fill(source.author);
    if (source.published) await form.getByLabel('Published').fill(source.published);
    if (source.accessed) await form.getByLabel('Accessed').fill(source.accessed);
    if (source.notes) await form.getByLabel('Notes').fill(source.notes);
  }
  await expect(page.locator('.cd-source')).toHaveCount(4);

  // The figure, from the toolbar's file picker, with its words.
  await page.getByLabel('Body text').click();
  await page.getByLabel('Choose an image file').setInputFiles(join(FIXTURE_IMAGES_DIR, image.file));
  const figure = page.locator('.cd-body figure');
  await expect(figure.locator('img')).toBeVisible();
  await figure.getByLabel('Caption').fill(image.caption);
  await figure.getByLabel('Credit').fill(image.credit);
  const credits = page.locator('.cd-image-item');
  await credits.getByLabel('Alt text').fill(image.alt);
  await credits.getByLabel('License').fill(image.license);
  await credits.getByLabel('Top image').check();

  // The text, typed: marks by shortcut, block types by Markdown shortcut.
  await page.locator('.cd-body p').last().click();
  const body = article.body;
  const p1 = body[1] as { runs: Array<{ text: string; italic?: boolean }> };
  await typeRuns(page, p1.runs);
  await cite(page, 2);
  await page.keyboard.press('Enter');

  await page.keyboard.insertText('According to a ');
  await page.keyboard.insertText('report in The Washington Post');
  await selectText(page, 'report in The Washington Post');
  await page.keyboard.press(`${mod}+k`);
  await page.getByLabel('Link address').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Add link' }).click();
  await expect(page.getByRole('dialog', { name: 'Link' }).getByRole('alert')).toContainText('Not a web address');
  await page.getByLabel('Link address').fill('https://www.washingtonpost.com/world/2026/08/17/example-energy-talks/');
  await page.getByLabel('Link address').press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.insertText(
    ', the offensive derailed indirect talks that were meant to halt strikes on energy and power infrastructure on both sides. The talks were to be hosted by Qatar (قطر).',
  );
  await page.keyboard.press('Enter');

  await page.keyboard.type('> ');
  await page.keyboard.insertText(
    '“No one broke anything off because there was nothing to break off,” a foreign-ministry spokesperson, Мария Захарова, told Reuters.',
  );
  await cite(page, 1);
  await page.keyboard.press('Enter');

  const p4 = body[4] as { runs: Array<{ text: string; bold?: boolean }> };
  await typeRuns(page, p4.runs);
  await page.keyboard.press('Enter');

  await page.keyboard.type('## ');
  await page.keyboard.insertText('In other headlines this week');
  await page.keyboard.press('Enter');

  const list = body[6] as { items: Array<{ runs: Array<{ text: string }> }> };
  await page.keyboard.type('- ');
  for (const [i, item] of list.items.entries()) {
    await page.keyboard.insertText(item.runs.map((r) => r.text).join(''));
    if (i === 0) await cite(page, 4);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('Whether the offensive yields leverage is, for now, an open question.');
  await cite(page, 3);

  await expect(page.locator('.cd-citation-mark')).toHaveText(['1', '2', '3', '4']);
  await expect(page.getByText(/^Saved \d/)).toBeVisible();
  await app.screenshot('desk-diplomacy-watch-light');

  // What the store holds, read the way the command line reads it.
  const { rows } = await store.call('drafts.list', {});
  const id = rows[0]!.id;
  let printed = '';
  const code = await runCli(['show', id, '--json', '--db', store.dbPath], {
    out: (t) => (printed += t),
    err: (t) => (printed += t),
  });
  expect(code).toBe(0);
  const shown = JSON.parse(printed) as {
    headline: string;
    dek: string;
    byline: string[];
    section: string;
    tags: string[];
    topImage: string;
    sources: Array<{ outlet: string; url: string; notes: string }>;
    body: { root: SerializedNode };
    images: Array<{ id: string }>;
  };
  expect(shown.headline).toBe(article.headline);
  expect(shown.dek).toBe(article.dek);
  expect(shown.byline).toEqual(article.byline);
  expect(shown.section).toBe(article.section);
  expect(shown.tags).toEqual(article.tags);
  expect(shown.sources.map((s) => s.url)).toEqual(article.sources.map((s) => s.url));
  expect(shown.sources[0]!.notes).toBe(article.sources[0]!.notes);
  const nodes = walk(shown.body.root.children ?? []);
  const figureNode = nodes.find((n) => n.type === 'figure')!;
  expect(figureNode).toMatchObject({
    caption: image.caption,
    credit: image.credit,
    alt: image.alt,
    license: image.license,
  });
  expect(shown.topImage).toBe(figureNode.image);
  expect(shown.images.map((i) => i.id)).toContain(figureNode.image);
  expect(nodes.filter((n) => n.type === 'citation').map((n) => n.sourceId)).toHaveLength(4);
  expect(nodes.find((n) => n.type === 'link')).toMatchObject({
    url: 'https://www.washingtonpost.com/world/2026/08/17/example-energy-talks/',
  });
  expect(nodes.filter((n) => n.type === 'quote')).toHaveLength(1);
  expect(nodes.filter((n) => n.type === 'heading')).toHaveLength(1);
  expect(nodes.filter((n) => n.type === 'listitem')).toHaveLength(3);
  expect(nodes.some((n) => n.type === 'text' && n.text === 'strengthen' && n.format === 2)).toBe(true);
  expect(nodes.some((n) => n.type === 'text' && n.text === 'by video conference' && n.format === 1)).toBe(true);

  // After a reload every part is back in the editor and the fields.
  await page.reload();
  await page.getByLabel('Search drafts').fill('Захарова');
  await libraryRows(page).filter({ hasText: 'Diplomacy Watch' }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(article.headline);
  await expect(page.locator('.cd-body blockquote')).toContainText('Мария Захарова');
  await expect(page.locator('.cd-body a[href^="https://www.washingtonpost.com"]')).toHaveText(
    'report in The Washington Post',
  );
  await expect(page.locator('.cd-body figure').getByLabel('Credit')).toHaveValue(image.credit);
  await expect(page.locator('.cd-citation-mark')).toHaveText(['1', '2', '3', '4']);
  await expect(page.locator('.cd-chip')).toHaveCount(1 + article.tags.length);
  await expect(page.locator('.cd-badge', { hasText: 'uncited' })).toHaveCount(0);
  await app.screenshot('desk-after-reload');
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('desk-diplomacy-watch-dark');
});

test('a hostile paste leaves no script, no handler and no javascript: link', async ({ app }) => {
  const { page, store } = app;
  // Parsing the pasted HTML (inertly) makes Chromium report each inline handler the page's CSP refuses.
  app.allowErrors(/Executing inline event handler violates the following Content Security Policy/);
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  const html =
    '<p style="color:red" class="MsoNormal">Hello <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>' +
    '<a href="javascript:window.__pwned=3">click me</a> and <a href="https://example.org/story?id=7&utm_source=news&fbclid=abc" onclick="window.__pwned=4">a real link</a>' +
    ' <span style="font-size:40px" onmouseover="window.__pwned=5">styled</span></p><h2>Kept heading</h2><ul><li>kept item</li></ul>';
  await pasteHtml(page, html, 'Hello click me and a real link styled');
  const editor = page.locator('.cd-body');
  await expect(editor).toContainText('a real link');
  await expect(editor.locator('h2')).toHaveText('Kept heading');
  await expect(editor.locator('li')).toHaveText('kept item');
  const markup = await editor.innerHTML();
  expect(markup).not.toMatch(/<script|onerror|onclick|onmouseover|javascript:|style="(?!white-space)/i);
  await expect(editor.locator('a')).toHaveCount(1);
  await expect(editor.locator('a')).toHaveAttribute('href', 'https://example.org/story?id=7');
  await expect(editor).toContainText('click me');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByText(/^Saved \d/)).toBeVisible();
  const saved = JSON.stringify(
    (await store.call('drafts.get', { id: (await store.call('drafts.list', {})).rows[0]!.id })).body,
  );
  expect(saved).not.toMatch(/javascript:|utm_source|onerror|<script/);
});

test('a paste from Word keeps its lists, nested and numbered, without its markers or styles', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  // As Word for Windows puts it on the clipboard: list items are paragraphs, the bullets typed-out spans.
  const item = (level: number, marker: string, text: string, cls = 'MsoListParagraphCxSpMiddle') =>
    `<p class=${cls} style='margin-left:${36 * level}.0pt;text-indent:-18.0pt;mso-list:l0 level${level} lfo1'><![if !supportLists]>` +
    `<span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>${marker}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>${text}</p>`;
  const html =
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=EN-GB style=\'tab-interval:36.0pt\'>' +
    '<p class=MsoNormal>The three sticking points:<o:p></o:p></p>' +
    item(1, '·', '<b>Verification</b> of strikes', 'MsoListParagraphCxSpFirst') +
    item(2, '1.', 'who inspects') +
    item(2, '2.', 'who pays') +
    item(1, '·', 'Sequencing') +
    item(1, '·', 'Precedent', 'MsoListParagraphCxSpLast') +
    '<p class=MsoNormal>After the list.<o:p></o:p></p></body></html>';
  await pasteHtml(page, html, 'The three sticking points:');
  const editor = page.locator('.cd-body');
  await expect(editor).toContainText('After the list.');
  // Lexical holds a nested list in an item of its own, right after the item it belongs to.
  await expect(editor.locator(':scope > ul > li')).toHaveText([
    'Verification of strikes',
    'who inspectswho pays',
    'Sequencing',
    'Precedent',
  ]);
  await expect(editor.locator(':scope > ul > li').nth(1).locator(':scope > ol > li')).toHaveCount(2);
  await expect(editor.locator('ul ol > li')).toHaveText(['who inspects', 'who pays']);
  await expect(editor.locator('ul > li strong, ul > li b')).toHaveText('Verification');
  expect(await editor.innerText()).not.toMatch(/·|1\.\s+who/);
  expect(await editor.innerHTML()).not.toMatch(/mso-|Mso|font-family/);
});

test('a top image that is not in the text keeps its credit fields, saved on the stored image', async ({ app }) => {
  const { page, store } = app;
  const image = await store.call('images.import', {
    file: grant(store, 'open-files', join(FIXTURE_IMAGES_DIR, 'top-image.png')),
    alt: 'Cooling towers',
    caption: 'The plant at dusk',
  });
  await store.call('drafts.create', { headline: 'Grid repairs resume', topImage: image.id });
  await page.reload();
  await page
    .getByRole('listbox', { name: 'Drafts' })
    .getByRole('option')
    .filter({ hasText: 'Grid repairs resume' })
    .click();
  const item = page.locator('.cd-image-item').filter({ hasText: 'not in the text' });
  await expect(item.getByText('No credit')).toBeVisible();
  await expect(item.getByLabel('Alt text')).toHaveValue('Cooling towers');
  await item.getByLabel('Credit').fill('A. KOVALENKO/AP');
  await item.getByLabel('License').click();
  await expect(item.getByText('No credit')).toBeHidden();
  await expect.poll(async () => (await store.call('images.get', { id: image.id })).credit).toBe('A. KOVALENKO/AP');
});

test('the everyday moves: Ctrl+N, the slug and window title follow the headline, sources are checked, reordered and removed with their citations', async ({
  app,
}) => {
  const { page, store } = app;
  await page.locator('body').click();
  await page.keyboard.press('Control+n');
  const headline = page.getByLabel('Headline', { exact: true });
  await expect(headline).toHaveValue('');
  await expect(page).toHaveTitle('Untitled — Copydesk');
  await headline.fill('Ferry strike ends after nine days');
  await expect(page).toHaveTitle('Ferry strike ends after nine days — Copydesk');
  await expect(page.getByLabel('Slug')).toHaveValue('ferry-strike-ends-after-nine-days');
  await page.getByLabel('Body text').click();
  await page.keyboard.insertText('Crews voted to return. ');

  const sources = page.locator('.cd-source');
  await page.getByRole('button', { name: 'Add source' }).click();
  await sources.nth(0).getByLabel('Outlet').fill('Reuters');
  await sources.nth(0).getByLabel('URL').fill('reuters dot com');
  await expect(sources.nth(0).getByText('Not a web address: it must start with http:// or https://')).toBeVisible();
  await expect(page.getByText('Sources are not saved until every URL is a full web address.')).toBeVisible();
  await sources.nth(0).getByLabel('URL').fill('https://www.reuters.com/world/ferry-strike');
  await expect(page.getByText('Sources are not saved until every URL is a full web address.')).toBeHidden();
  await page.getByRole('button', { name: 'Add source' }).click();
  await sources.nth(1).getByLabel('Outlet').fill('AP');

  // Reorder with the keyboard, then by dragging.
  await page.getByRole('button', { name: 'Move source 2 up' }).click();
  await expect(sources.locator('.cd-source-title')).toHaveText([/AP/, /Reuters/]);
  await sources.nth(1).dragTo(sources.nth(0));
  await expect(sources.locator('.cd-source-title')).toHaveText([/Reuters/, /AP/]);

  // Cite Reuters in the text; removing it asks first, and takes its citation with it.
  await page.getByLabel('Body text').click();
  await page.keyboard.press('Control+End');
  await sources.nth(0).getByRole('button', { name: 'Cite' }).click();
  await expect(page.locator('.cd-body .cd-citation')).toHaveCount(1);
  await expect(sources.nth(0).getByText('cited 1×')).toBeVisible();
  await sources.nth(0).getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove a cited source' });
  await expect(confirm).toContainText('This source is cited 1 time.');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(sources).toHaveCount(2);
  await sources.nth(0).getByRole('button', { name: 'Remove' }).click();
  await confirm.getByRole('button', { name: 'Remove source and citations' }).click();
  await expect(sources.locator('.cd-source-title')).toHaveText([/AP/]);
  await expect(page.locator('.cd-body .cd-citation')).toHaveCount(0);

  await expect(page.getByText(/^Saved \d/)).toBeVisible();
  await expect
    .poll(async () => {
      const [row] = (await store.call('drafts.list', {})).rows;
      const draft = await store.call('drafts.get', { id: row!.id });
      return {
        slug: draft.slug,
        sources: draft.sources.map((s) => s.outlet),
        cites: JSON.stringify(draft.body).includes('"citation"'),
      };
    })
    .toEqual({ slug: 'ferry-strike-ends-after-nine-days', sources: ['AP'], cites: false });
});

test('a paste of several megabytes arrives whole, is one undo step, and is saved once it is in', async ({ app }) => {
  const { page, store } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  await page.keyboard.insertText('Before the paste.');
  await expect(page.getByText(/^Saved \d/)).toBeVisible();
  const PARAGRAPHS = 12_000;
  const html = Array.from(
    { length: PARAGRAPHS },
    (_, i) =>
      `<p class="x" style="color:#333">Paragraph <b>${i + 1}</b> of a long wire feed, with a <a href="https://example.org/${i}?utm_source=feed">link</a>.</p>`,
  ).join('');
  expect(html.length).toBeGreaterThan(1_000_000);
  await pasteHtml(page, html, 'long wire feed');
  const editor = page.locator('.cd-body');
  await expect(editor.locator('p').last()).toContainText(`Paragraph ${PARAGRAPHS} of a long wire feed`, {
    timeout: 90_000,
  });
  // As in any editor, the first pasted paragraph joins the one the caret was in; every later break is kept.
  await expect(editor.locator('p')).toHaveCount(PARAGRAPHS);
  await expect(editor.locator('p').first()).toHaveText(
    'Before the paste.Paragraph 1 of a long wire feed, with a link.',
  );
  await expect(editor.locator('p').nth(4321)).toHaveText('Paragraph 4322 of a long wire feed, with a link.');
  await expect(editor.locator('a[href*="utm_source"]')).toHaveCount(0);
  // Looked up by its class: a text search walks all 12,000 paragraphs on every poll.
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/, { timeout: 60_000 });
  const [row] = (await store.call('drafts.list', {})).rows;
  expect(row!.wordCount).toBe(3 + PARAGRAPHS * 10);

  // One undo takes the whole paste back out.
  await page.keyboard.press('Control+z');
  await expect(editor.locator('p')).toHaveCount(1);
  await expect(editor).toHaveText('Before the paste.');

  // Into the middle of a sentence, in several slices: the sentence closes around the pasted paragraphs, in order.
  await page.evaluate(() => {
    const text = document.querySelector('.cd-body p')!.firstChild!.firstChild as Text;
    const range = document.createRange();
    range.setStart(text, text.data.indexOf('paste.'));
    range.collapse(true);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
  });
  const some = Array.from({ length: 200 }, (_, i) => `<p>Item ${i + 1}.</p>`).join('');
  await pasteHtml(page, some, 'items');
  await expect(editor.locator('p')).toHaveCount(200);
  await expect(editor.locator('p').first()).toHaveText('Before the Item 1.');
  await expect(editor.locator('p').nth(99)).toHaveText('Item 100.');
  await expect(editor.locator('p').last()).toHaveText('Item 200.paste.');
});

test('a dropped file that is not really an image gives a clear message and inserts nothing', async ({ app }) => {
  const { page, store } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  await page.keyboard.insertText('Before the drop.');
  const bytes = readFileSync(join(FIXTURE_IMAGES_DIR, 'not-really.png')).toString('base64');
  await page.evaluate((base64) => {
    const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([raw], 'not-really.png', { type: 'image/png' }));
    document
      .querySelector('.cd-body')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(page.getByRole('alert').filter({ hasText: 'not-really.png cannot be used as an image' })).toBeVisible();
  await expect(page.locator('.cd-body figure')).toHaveCount(0);
  await app.screenshot('desk-bad-image-drop');
  const images = await store.ctx.db.get<{ n: number }>('SELECT count(*) AS n FROM images');
  expect(images?.n).toBe(0);
});

test('the library filters, trashes with undo, restores from the trash and opens by keyboard', async ({ app }) => {
  const { page, store } = app;
  const first = await store.call('drafts.create', {
    headline: 'Pipeline probe strains ties',
    section: 'Europe',
    tags: ['Energy security'],
  });
  await store.call('drafts.create', {
    headline: 'Visiting prime minister urges dialogue',
    section: 'Middle East',
    tags: ['Qatar'],
    status: 'in_review',
  });
  await page.reload();
  await expect(libraryRows(page)).toHaveCount(2);
  await page.getByRole('tab', { name: /In review/ }).click();
  await expect(libraryRows(page)).toHaveCount(1);
  await page.getByRole('tab', { name: /^All/ }).click();
  await page.getByLabel('Filter by section').selectOption('Europe');
  await expect(libraryRows(page)).toHaveText([/Pipeline probe/]);
  await page.getByLabel('Filter by section').selectOption('');
  await page.getByLabel('Filter by tag').selectOption('Qatar');
  await expect(libraryRows(page)).toHaveText([/prime minister/]);
  await page.getByLabel('Filter by tag').selectOption('');

  // Keyboard: arrows move, Enter opens, Delete trashes (with undo).
  await page.getByRole('listbox', { name: 'Drafts' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Pipeline probe strains ties');
  await page.getByRole('listbox', { name: 'Drafts' }).focus();
  await page.keyboard.press('Delete');
  await expect(libraryRows(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(libraryRows(page)).toHaveCount(2);

  await store.call('drafts.trash', { id: first.id });
  await page.getByRole('tab', { name: /Trash/ }).click();
  await expect(libraryRows(page)).toHaveCount(1);
  await app.screenshot('library-trash');
  await page.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  expect((await store.call('drafts.get', { id: first.id })).trashedAt).toBeNull();
});

test('a save that meets a newer version elsewhere offers both versions and keeps mine as a revision', async ({
  app,
}) => {
  const { page, store } = app;
  const created = await store.call('drafts.create', { headline: 'Conflict test' });
  await page.reload();
  await libraryRows(page).filter({ hasText: 'Conflict test' }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Conflict test');
  // Someone else saves the same piece (another window, the CLI, a sync).
  await store.call('drafts.save', { id: created.id, expectedVersion: 1, dek: 'Their dek' });
  await page.getByLabel('Body text').click();
  await page.keyboard.insertText('My words.');
  await expect(page.getByRole('alert').filter({ hasText: 'changed elsewhere' })).toBeVisible();
  await app.screenshot('desk-conflict');
  expect((await store.call('drafts.get', { id: created.id })).dek).toBe('Their dek');
  await page.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByText(/^Saved \d/)).toBeVisible();
  const after = await store.call('drafts.get', { id: created.id });
  expect(after.version).toBe(3);
  expect(JSON.stringify(after.body)).toContain('My words.');
  const revisions = await store.call('revisions.list', { draftId: created.id });
  expect(revisions.map((r) => r.reason)).toContain('manual');
});

test('typing [^2] cites the second source', async ({ app }) => {
  const { page, store } = app;
  await store.call('drafts.create', {
    headline: 'Citation shortcut',
    sources: [
      { id: 'a', outlet: 'Reuters', title: 'First' },
      { id: 'b', outlet: 'Associated Press', title: 'Second' },
    ],
  });
  await page.reload();
  await libraryRows(page).filter({ hasText: 'Citation shortcut' }).click();
  await page.getByLabel('Body text').click();
  await page.keyboard.type('The prime minister urged dialogue[^2]');
  await expect(page.locator('.cd-citation-mark')).toHaveText(['1']);
  await expect(page.locator('.cd-citation-mark')).toHaveAttribute('title', 'Associated Press: Second');
  await expect(page.locator('.cd-source').nth(1).locator('.cd-badge')).toHaveText('cited 1×');
  await expect(page.locator('.cd-source').nth(0).locator('.cd-badge')).toHaveText('uncited');
});
