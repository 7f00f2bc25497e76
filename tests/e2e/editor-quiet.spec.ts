import type { Page } from '@playwright/test';
import { expect, test } from './harness';

/*
 * The editor does no work a writer did not ask for (issue #15's speed rows): a save's status does not
 * re-render the editor around it, and opening a piece neither edits it nor gives it an undo step. Speed
 * itself is proven by the editor bench; these pin the behaviour the bench's figures rest on.
 */

/**
 * React hands a host element a new props object each time the component that renders it runs again: the
 * body's contenteditable keeps the same one as long as nothing above it re-renders.
 */
async function keepBodyProps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const body = document.querySelector('.cd-body')!;
    const key = Object.keys(body).find((k) => k.startsWith('__reactProps$'));
    if (!key) throw new Error('the body element carries no React props: React changed how it marks its elements');
    (window as unknown as { __bodyProps: unknown }).__bodyProps = (body as unknown as Record<string, unknown>)[key];
  });
}

const bodyPropsKept = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const body = document.querySelector('.cd-body')!;
    const key = Object.keys(body).find((k) => k.startsWith('__reactProps$'))!;
    return (
      (body as unknown as Record<string, unknown>)[key] === (window as unknown as { __bodyProps: unknown }).__bodyProps
    );
  });

test('typing and the autosave after it change the save status without re-rendering the editor', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  await page.keyboard.type('First words.');
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/);
  await keepBodyProps(page);
  await page.keyboard.type(' More words.');
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText('Edited');
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/);
  expect(await bodyPropsKept(page)).toBe(true);
  await expect(page.getByLabel('Body text')).toHaveText('First words. More words.');
});
