/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Draft } from '../../src/common/domain';
import type { SerializedNode } from '../../src/common/lexical/document';
import { citationNode } from '../../src/common/nodes/citation/citationJson';
import { figuresOf } from '../../src/common/nodes/figure/figureJson';
import { createFixtureDraft, FIXTURE_IMAGES_DIR, loadFixture } from '../support/fixtures';
import { validated } from '../support/store';
import { blockingViolations } from './axe';
import { expect, test, type Harness } from './harness';

/**
 * The reader's preview (issue 15): the export's HTML of the saved piece in a
 * sandboxed frame beside the text, following the autosave.
 */

const FIXTURE = loadFixture('diplomacy-watch');
const IMAGE = FIXTURE.images[0]!;
const LEAD = {
  alt: 'A power plant at dusk',
  caption: 'The plant the truce was meant to spare.',
  credit: 'A. PHOTOGRAPHER/Agency',
  license: 'Editorial use only',
};

/**
 * The fixture piece with its first source cited at the end of its first
 * paragraph, so the page has a footnote, and a top image of its own that
 * the text does not show.
 */
async function citedPiece(app: Harness): Promise<Draft> {
  const draft = await createFixtureDraft(validated(app.store), 'diplomacy-watch');
  const lead = await app.store.call('images.import', {
    name: 'plant.png',
    dataBase64: readFileSync(join(FIXTURE_IMAGES_DIR, 'plant.png')).toString('base64'),
    ...LEAD,
  });
  const children = draft.body.root.children.map((node): SerializedNode => node);
  const first = children.findIndex((node) => node.type === 'paragraph');
  children[first] = {
    ...children[first]!,
    children: [...(children[first]!.children ?? []), citationNode(draft.sources[0]!.id)],
  };
  const saved = await app.store.call('drafts.save', {
    id: draft.id,
    expectedVersion: draft.version,
    body: { root: { ...draft.body.root, children } },
    topImage: lead.id,
  });
  if (saved.kind !== 'saved') throw new Error('the fixture did not save');
  return saved.draft;
}

/**
 * Axe cannot run inside a frame that allows no script: the app is checked
 * with the frame left out, and the frame's page on its own, in a tab.
 */
async function previewViolations(page: Page): Promise<string[]> {
  const srcdoc = await page.getByTitle('Preview').getAttribute('srcdoc');
  const reader = await page.context().newPage();
  try {
    await reader.setContent(srcdoc ?? '', { waitUntil: 'load' });
    return [
      ...(await blockingViolations(page, ['iframe[title="Preview"]'])),
      ...(await blockingViolations(reader)).map((v) => `in the preview: ${v}`),
    ];
  } finally {
    await reader.close();
  }
}

async function openPiece(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: FIXTURE.headline }).click();
  await expect(page.getByLabel('Body text')).toContainText('Since the cross-border offensive');
}

test('the preview shows what the export and the CMS get: the same HTML, figures with caption and credit, the top image and the footnotes', async ({
  app,
}) => {
  const { page, store } = app;
  await page.setViewportSize({ width: 1700, height: 1000 });
  const draft = await citedPiece(app);
  await openPiece(page);

  const toggle = page.getByRole('button', { name: 'Preview', exact: true });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const frameElement = page.getByTitle('Preview');
  // No script runs in the frame: the sandbox grants nothing but reading its scroll position from the app.
  await expect(frameElement).toHaveAttribute('sandbox', 'allow-same-origin');
  const frame = frameElement.contentFrame();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(FIXTURE.headline);
  // Side by side: the text stays in view.
  await expect(page.getByLabel('Body text')).toBeVisible();

  // Block by block, the page is the export's standalone HTML; only the images point where the window can load them, and the top image leads.
  const exported = await store.call('export.html', { id: draft.id, document: true });
  const expected = await page.evaluate(({ text, assets }) => {
    const doc = new DOMParser().parseFromString(text, 'text/html');
    const base = (window as unknown as { copydeskImageBase: string }).copydeskImageBase;
    for (const img of doc.querySelectorAll('img')) {
      const asset = assets.find((a) => a.href === img.getAttribute('src'));
      if (asset) img.setAttribute('src', `${base}${asset.imageId}`);
    }
    return {
      title: doc.title,
      blocks: [...doc.querySelectorAll('body > article > *')].map((el) => el.outerHTML),
      outside: doc.body.children.length,
    };
  }, exported);
  expect(exported.assets.map((a) => a.imageId)).toEqual([draft.topImage, figuresOf(draft.body)[0]!.image]);
  const shown = await frame.locator('body').evaluate((body) => ({
    title: body.ownerDocument.title,
    blocks: [...body.querySelectorAll(':scope > article > *:not(figure.top-image)')].map((el) => el.outerHTML),
    outside: body.children.length,
  }));
  expect(shown).toEqual(expected);
  expect(expected.blocks.join('\n')).toContain('<figcaption>');
  expect(expected.blocks.join('\n')).toContain('class="footnotes"');

  // The top image, which the text does not show, leads under the header with its own words; the figure in the text has its caption and credit.
  const lead = frame.locator('article > header + figure');
  await expect(lead.getByRole('img', { name: LEAD.alt })).toHaveAttribute('src', new RegExp(`${draft.topImage}$`));
  await expect(lead.locator('figcaption')).toContainText(LEAD.caption);
  await expect(lead.locator('figcaption .credit')).toHaveText(LEAD.credit);
  const inText = frame.getByRole('figure').filter({ hasText: IMAGE.caption });
  await expect(inText.getByRole('img', { name: IMAGE.alt })).toHaveAttribute(
    'src',
    new RegExp(`${figuresOf(draft.body)[0]!.image}$`),
  );
  await expect(inText.locator('figcaption .credit')).toHaveText(IMAGE.credit);
  await expect(frame.getByRole('figure')).toHaveCount(2);
  for (const img of await frame.getByRole('figure').getByRole('img').all()) {
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  }
  // The credit is set apart from the caption, smaller.
  const sizes = await frame
    .locator('article > header + figure figcaption')
    .evaluate((caption) => [
      parseFloat(getComputedStyle(caption).fontSize),
      parseFloat(getComputedStyle(caption.querySelector('.credit')!).fontSize),
    ]);
  expect(sizes[1]).toBeLessThan(sizes[0]!);

  // The citation is a footnote reference, and the source is listed at the end.
  await expect(frame.getByRole('link', { name: '1', exact: true })).toBeVisible();
  await expect(frame.locator('section.footnotes li')).toHaveCount(1);
  await expect(frame.locator('section.footnotes li')).toContainText(draft.sources[0]!.title);

  // The default stylesheet: a serif body on a readable measure.
  const style = await frame.locator('article').evaluate((article) => ({
    font: getComputedStyle(article.ownerDocument.body).fontFamily,
    measure: parseFloat(getComputedStyle(article).maxWidth) / parseFloat(getComputedStyle(article).fontSize),
  }));
  expect(style.font).toMatch(/serif/);
  expect(style.measure).toBeGreaterThan(25);
  expect(style.measure).toBeLessThan(45); // 70ch of a serif is about 35 to 40 ems

  expect(await previewViolations(page)).toEqual([]);
  await app.screenshot('preview-desktop');
});

test('typing updates the preview after the autosave, where the writer was reading; the phone width is narrower; the command and Close toggle it', async ({
  app,
}) => {
  const { page, store } = app;
  await page.setViewportSize({ width: 1700, height: 900 });
  const draft = await createFixtureDraft(validated(store), 'diplomacy-watch');
  await openPiece(page);

  // View › Preview from the menu reaches the window as a command.
  await app.emit({ type: 'app.command', command: 'view.preview' });
  const frameElement = page.getByTitle('Preview');
  const frame = frameElement.contentFrame();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(FIXTURE.headline);
  // The top image is the text's first figure here: readers see it there, once.
  await expect(frame.getByRole('figure')).toHaveCount(1);
  await expect(frame.locator('article > header + figure img')).toHaveAttribute('src', new RegExp(`${draft.topImage}$`));

  // The writer reads further down the preview.
  const scrolled = await frame.locator('html').evaluate((html) => {
    const view = html.ownerDocument.defaultView!;
    view.scrollTo(0, Math.min(400, html.scrollHeight - view.innerHeight));
    return view.scrollY;
  });
  expect(scrolled).toBeGreaterThan(100);

  const typed = ' Talks resume on Monday, the ministry said.';
  await page.getByLabel('Body text').getByText('Since the cross-border offensive').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(typed);
  // The export reads the saved piece: the preview changes once the autosave is done, not before.
  await expect(frame.locator('article')).not.toContainText(typed.trim());
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/);
  await expect(frame.locator('article')).toContainText(typed.trim());
  expect((await store.call('export.html', { id: draft.id, document: true })).text).toContain(typed.trim());
  // The refreshed page opened where the writer was reading.
  await expect
    .poll(() => frame.locator('html').evaluate((html) => html.ownerDocument.defaultView!.scrollY))
    .toBe(scrolled);

  // A headline edit reaches the preview the same way.
  await page.getByLabel('Headline').fill('Talks resume on Monday');
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Talks resume on Monday');

  // Phone: about 390 px wide, narrower than the desktop page.
  const width = page.getByRole('group', { name: 'Preview width' });
  await expect(width.getByRole('button', { name: 'Desktop' })).toHaveAttribute('aria-pressed', 'true');
  const desktop = (await frameElement.boundingBox())!.width;
  await width.getByRole('button', { name: 'Phone' }).click();
  await expect(width.getByRole('button', { name: 'Phone' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await frameElement.boundingBox())!.width).toBeLessThan(desktop);
  const phone = await frame.locator('html').evaluate((html) => html.ownerDocument.defaultView!.innerWidth);
  expect(phone).toBeGreaterThanOrEqual(380);
  expect(phone).toBeLessThanOrEqual(392);
  expect(desktop).toBeGreaterThan(phone + 80);
  await app.screenshot('preview-phone');

  await page.getByRole('button', { name: 'Close preview' }).click();
  await expect(frameElement).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Preview', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await app.emit({ type: 'app.command', command: 'view.preview' });
  await expect(frameElement).toBeVisible();
  await app.emit({ type: 'app.command', command: 'view.preview' });
  await expect(frameElement).toHaveCount(0);
  // Its keys work in the window itself, once per press.
  await page.keyboard.press('Control+Alt+P');
  await expect(frameElement).toBeVisible();
  await page.keyboard.press('Control+Alt+P');
  await expect(frameElement).toHaveCount(0);
});

test('in a narrow window the preview takes the place of the text until it is closed', async ({ app }) => {
  const { page, store } = app;
  await page.setViewportSize({ width: 1100, height: 800 });
  await createFixtureDraft(validated(store), 'diplomacy-watch');
  await openPiece(page);
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const frame = page.getByTitle('Preview').contentFrame();
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText(FIXTURE.headline);
  await expect(page.getByLabel('Body text')).toBeHidden();
  // The fields stay beside it.
  await expect(page.getByRole('tablist', { name: 'Side pane' })).toBeVisible();
  expect(await previewViolations(page)).toEqual([]);
  await app.screenshot('preview-narrow');
  await page.getByRole('button', { name: 'Close preview' }).click();
  await expect(page.getByLabel('Body text')).toBeVisible();
});
