import type { Page } from '@playwright/test';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { documentOf } from '../../src/common/lexical/document';
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

test('opening a piece puts its text in once: no second pass over every node, no edit, no save', async ({ app }) => {
  const { page, store } = app;
  const body = documentOf([
    paragraphNode([textNode('A piece opened to be read, not changed.')]),
    paragraphNode([textNode('Its second paragraph.')]),
  ]);
  const created = await store.call('drafts.create', { headline: 'Read only today', body });
  const before = await store.call('drafts.get', { id: created.id });
  // Lexical keeps its editor on the body element (__lexicalEditor); the test listens to it from the moment it is set,
  // and counts the updates that touched text nodes of a body already in the editor.
  await page.addInitScript(() => {
    const w = window as unknown as { __textPasses: number };
    w.__textPasses = 0;
    Object.defineProperty(HTMLElement.prototype, '__lexicalEditor', {
      configurable: true,
      set(this: HTMLElement, editor: unknown) {
        Object.defineProperty(this, '__lexicalEditor', { value: editor, writable: true, configurable: true });
        const lexical = editor as {
          registerUpdateListener(
            listener: (update: { dirtyLeaves: Set<string>; prevEditorState: { isEmpty(): boolean } }) => void,
          ): void;
        } | null;
        lexical?.registerUpdateListener(({ dirtyLeaves, prevEditorState }) => {
          if (!prevEditorState.isEmpty() && dirtyLeaves.size > 0) w.__textPasses++;
        });
      },
    });
  });
  await page.reload();
  await page.clock.install();
  await page.getByRole('option', { name: /Read only today/ }).click();
  await expect(page.getByLabel('Body text')).toContainText('Its second paragraph.');
  // Past the autosave's idle second: an open that had marked the text edited would be saving by now.
  await page.clock.runFor(5_000);
  await expect(page.locator('.cd-statusbar .cd-count')).toContainText('11 words');
  expect(await page.evaluate(() => (window as unknown as { __textPasses: number }).__textPasses)).toBe(0);
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/);
  await expect(page.getByRole('button', { name: 'Undo (Ctrl+Z)' })).toBeDisabled();
  expect((await store.call('drafts.get', { id: created.id })).version).toBe(before.version);
  // Typing still counts as an edit, and is saved.
  await page.getByLabel('Body text').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' More.');
  await page.clock.runFor(5_000);
  await expect(page.locator('.cd-statusbar .cd-save')).toHaveText(/^Saved \d/);
  await expect
    .poll(async () => (await store.call('drafts.get', { id: created.id })).version)
    .toBeGreaterThan(before.version);
});
