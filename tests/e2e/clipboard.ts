import type { Page } from '@playwright/test';

/**
 * Pastes into the editor the way the system clipboard does: an HTML flavour
 * and its plain text, in one paste event (Playwright has no clipboard of its
 * own to paste from).
 */
export async function pasteHtml(page: Page, html: string, plain: string): Promise<void> {
  await page.evaluate(
    ([payload, text]) => {
      const data = new DataTransfer();
      data.setData('text/html', payload);
      data.setData('text/plain', text);
      document
        .querySelector('.cd-body')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [html, plain] as const,
  );
}
