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
