import { pasteHtml } from './clipboard';
import { expect, test } from './harness';

// A long paste goes in a slice per frame; the status bar's word count waits for the last slice, then counts it all once.
test('the word count shows a long paste once it is all in, and the paste is saved', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  await page.keyboard.insertText('Before the paste.');
  await expect(page.locator('.cd-statusbar .cd-count')).toContainText('3 words');
  const PARAGRAPHS = 3_000;
  const html = Array.from({ length: PARAGRAPHS }, (_, i) => `<p>Dispatch <b>${i + 1}</b> from the desk.</p>`).join('');
  await pasteHtml(page, html, 'dispatches');
  const editor = page.locator('.cd-body');
  await expect(editor.locator('p').last()).toHaveText(`Dispatch ${PARAGRAPHS} from the desk.`, { timeout: 60_000 });
  // 3 words typed, 5 in each pasted paragraph (its number is a word).
  const words = (3 + PARAGRAPHS * 5).toLocaleString('en');
  await expect(page.locator('.cd-statusbar .cd-count')).toContainText(`${words} words`);
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/, { timeout: 60_000 });
});

// After the first slice, a long paste's blocks are linked in before a marker instead of inserted at the caret;
// inline runs at the top of the pasted HTML still become paragraphs of their own, in order.
test('a long paste keeps every block and loose run in order, each run a paragraph of its own', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  const ITEMS = 2_400;
  const item = (i: number): { html: string; text: string } =>
    i % 3 === 0
      ? { html: `<span>Loose run <b>${i}</b> here</span>`, text: `Loose run ${i} here` }
      : { html: `<p>Para <i>${i}</i>.</p>`, text: `Para ${i}.` };
  const items = Array.from({ length: ITEMS }, (_, i) => item(i));
  await pasteHtml(page, items.map((x) => x.html).join(''), items.map((x) => x.text).join('\n'));
  const editor = page.locator('.cd-body');
  await expect(editor.locator('p').last()).toHaveText(items.at(-1)!.text, { timeout: 60_000 });
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/, { timeout: 60_000 });
  const texts = await editor.locator(':scope > p').allTextContents();
  expect(texts).toEqual(items.map((x) => x.text));
  await expect(editor.locator(':scope > p', { hasText: /^Loose run 1500 here$/ }).locator('strong, b')).toHaveText(
    '1500',
  );
});
