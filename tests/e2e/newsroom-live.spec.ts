import type { Page } from '@playwright/test';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { blockingViolations } from './axe';
import { expect, test } from './harness';
import { body, join, LIVE, nav, savedBody, withDesk } from './newsroom';

/**
 * A shared piece open on two computers is one live text: each window's
 * editor is bound to the piece's document in its own main process (the IPC
 * provider), and the real desk server carries the changes and carets
 * between them. Two apps, each with its own store, joined as people join.
 */

/** Marks the open editor, so a reload (which builds a new one) would show. */
async function markEditor(page: Page): Promise<void> {
  await body(page).evaluate((element) => element.setAttribute('data-test-same-editor', 'yes'));
}

const sameEditor = (page: Page) => body(page).getAttribute('data-test-same-editor');

/** How many times the text appears in the body on screen. */
async function timesOnScreen(page: Page, text: string): Promise<number> {
  return (await body(page).innerText()).split(text).length - 1;
}

test('two people type in a shared piece at once: each sees the other’s words and caret live, undo takes back only one’s own, and offline edits converge', async ({
  machine,
}) => {
  test.setTimeout(240_000);
  await withDesk('copydesk-e2e-live-', async ({ url, writerToken, editorToken, stop, restart }) => {
    const writer = await machine(LIVE);
    const editor = await machine(LIVE);
    const draft = await writer.store.call('drafts.create', {
      headline: 'Harbour fees rise',
      body: {
        root: {
          type: 'root',
          version: 1,
          children: [paragraphNode([textNode('The port raised its fees.')])],
        },
      },
    });

    // The writer shares the piece from its footer; the editor takes it from the desk's list.
    await join(writer, url, writerToken);
    await nav(writer.page, 'Write');
    await writer.page
      .getByRole('listbox', { name: 'Drafts' })
      .getByRole('option')
      .filter({ hasText: 'Harbour fees rise' })
      .click();
    await writer.page.getByRole('button', { name: 'Share with the desk' }).click();
    await expect(writer.page.getByText('Shared with the desk', { exact: true })).toBeVisible();
    await expect(body(writer.page)).toHaveText('The port raised its fees.');

    await join(editor, url, editorToken);
    const listed = editor.page
      .getByRole('list', { name: 'The desk’s pieces' })
      .getByRole('listitem', { name: 'Harbour fees rise' });
    await expect(async () => {
      await editor.page.getByRole('button', { name: 'Refresh the list' }).click();
      await expect(listed).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await listed.getByRole('button', { name: 'Open (download)' }).click();
    // The body is the document's, once: the live binding does not seed it again.
    await expect(body(editor.page)).toHaveText('The port raised its fees.');
    const editorDraftId = (await editor.store.call('desk.status', {})).pieces[0]!.draftId;

    // Both type at once, at the two ends of the paragraph.
    await markEditor(writer.page);
    await markEditor(editor.page);
    await body(writer.page).click();
    await writer.page.keyboard.press('Control+End');
    await body(editor.page).click();
    await editor.page.keyboard.press('Control+Home');
    await Promise.all([
      writer.page.keyboard.type(' Wendy adds the date.', { delay: 15 }),
      editor.page.keyboard.type('Ed: ', { delay: 15 }),
    ]);
    for (const page of [writer.page, editor.page]) {
      await expect(body(page)).toHaveText('Ed: The port raised its fees. Wendy adds the date.', { timeout: 20_000 });
      expect(await sameEditor(page)).toBe('yes');
    }

    // Each sees the other's caret, labelled with their name, in the text.
    await expect(writer.page.locator('.cd-live-carets').getByText('Ed', { exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect(editor.page.locator('.cd-live-carets').getByText('Wendy', { exact: true })).toBeVisible({
      timeout: 20_000,
    });
    // The named carets keep the screen usable: no serious or critical accessibility findings.
    expect(await blockingViolations(writer.page)).toEqual([]);

    // The editor adds a sentence, then undoes: only the editor's own typing goes, on both screens.
    await editor.page.keyboard.press('Control+End');
    await editor.page.keyboard.insertText(' Ed checks the fee.');
    await expect(body(writer.page)).toContainText('Ed checks the fee.', { timeout: 20_000 });
    await editor.page.keyboard.press('Control+z');
    for (const page of [writer.page, editor.page]) {
      await expect(body(page)).toHaveText('Ed: The port raised its fees. Wendy adds the date.', { timeout: 20_000 });
    }
    // Both machines' saved drafts hold the same text, each sentence once.
    await expect
      .poll(async () => [await savedBody(writer, draft.id), await savedBody(editor, editorDraftId)], {
        timeout: 20_000,
      })
      .toEqual([expect.stringContaining('Wendy adds the date.'), expect.stringContaining('Wendy adds the date.')]);
    expect(await savedBody(writer, draft.id)).not.toContain('Ed checks the fee.');

    // The desk goes down: both keep typing into their own copies, which wait on their computers.
    await stop();
    await body(writer.page).click();
    await writer.page.keyboard.press('Control+End');
    await writer.page.keyboard.insertText(' Wendy wrote this offline.');
    await body(editor.page).click();
    await editor.page.keyboard.press('Control+Home');
    await editor.page.keyboard.insertText('Offline, Ed: ');
    await expect(body(writer.page)).not.toContainText('Offline, Ed:');

    // The desk comes back on the same address: both reconnect and show the same text, each sentence once.
    await restart();
    const merged = 'Offline, Ed: Ed: The port raised its fees. Wendy adds the date. Wendy wrote this offline.';
    for (const page of [writer.page, editor.page]) {
      await expect(body(page)).toHaveText(merged, { timeout: 30_000 });
      expect(await timesOnScreen(page, 'Wendy wrote this offline.')).toBe(1);
      expect(await sameEditor(page)).toBe('yes');
    }
    await expect
      .poll(async () => (await savedBody(writer, draft.id)) === (await savedBody(editor, editorDraftId)), {
        timeout: 30_000,
      })
      .toBe(true);
    const saved = await savedBody(writer, draft.id);
    expect(saved.split('Wendy wrote this offline.').length - 1).toBe(1);
    expect(saved.split('Offline, Ed: ').length - 1).toBe(1);
  });
});
