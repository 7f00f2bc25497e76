import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { createFixtureDraft } from '../support/fixtures';
import { validated } from '../support/store';
import { expect, test } from './harness';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const sideTab = (page: Page, name: RegExp) =>
  page.getByRole('tablist', { name: 'Side pane' }).getByRole('tab', { name });
const rows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');

/** Selects the first occurrence of `text` in the editor, as a mouse drag would. */
async function selectText(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const root = document.querySelector('.cd-body')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode as Text;
      const at = node.data.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    throw new Error(`text not found: ${needle}`);
  }, text);
  // The toolbar's note button comes alive once the editor holds the selection.
  await expect(page.getByRole('button', { name: 'Add a review note on the selected words' })).toBeEnabled();
}

async function addNote(page: Page, words: string, body: string): Promise<void> {
  await page.getByLabel('Body text').focus();
  await selectText(page, words);
  await page.keyboard.press(`${mod}+Alt+KeyM`);
  await page.getByRole('form', { name: 'New review note' }).getByLabel('Note').fill(body);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('.cd-note', { hasText: body })).toBeVisible();
}

async function blocking(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('an editor reviews a piece: notes stay on their words, a deleted passage leaves its note detached', async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Eddie Editor', role: 'editor' });
  const draft = await store.call('drafts.create', {
    headline: 'Truce talks',
    body: {
      root: {
        type: 'root',
        children: [
          paragraphNode([
            textNode(
              'The talks were to be hosted by Qatar. Officials said they would meet by video conference. Few expected a breakthrough.',
            ),
          ]),
        ],
      },
    },
  });
  await page.reload();
  await rows(page).filter({ hasText: 'Truce talks' }).click();
  await sideTab(page, /^Review/).click();
  await page.getByRole('button', { name: 'Send for review' }).click();
  await expect(page.locator('.cd-trail')).toContainText('Draft → In review by Eddie Editor');

  await addNote(page, 'hosted by Qatar', 'Confirm the venue with a second source.');
  await addNote(page, 'by video conference', 'Which day?');
  await addNote(page, 'Few expected a breakthrough', 'Who is "few"?');
  await expect(page.locator('.cd-body mark')).toHaveCount(3);
  await expect(sideTab(page, /^Review/)).toContainText('3');

  // Reply to and resolve the first.
  const first = page.locator('.cd-note', { hasText: 'Confirm the venue' });
  await first.getByLabel(/Reply to note/).fill('Done: AP confirms.');
  await first.getByRole('button', { name: 'Reply' }).click();
  await expect(first).toContainText('Done: AP confirms.');
  await first.getByRole('button', { name: 'Resolve' }).click();
  await expect(first).toContainText('Resolved by Eddie Editor');

  // Edit around the other two: they stay on their words.
  await selectText(page, 'Officials');
  await page.keyboard.type('Senior officials');
  await expect(page.locator('.cd-body mark', { hasText: 'by video conference' })).toBeVisible();
  await expect(page.locator('.cd-body mark', { hasText: 'Few expected a breakthrough' })).toBeVisible();

  // Delete the last passage: its note stays, marked detached.
  await selectText(page, 'Few expected a breakthrough');
  await page.keyboard.press('Backspace');
  await expect(page.locator('.cd-note', { hasText: 'Who is "few"?' })).toContainText('Detached');
  await expect(page.locator('.cd-note', { hasText: 'Which day?' })).not.toContainText('Detached');
  await app.screenshot('review-notes');
  expect(await blocking(page)).toEqual([]);

  // Saved: the body holds mark ids, never the notes' words.
  await expect(page.getByText(/^Saved \d/)).toBeVisible();
  const body = JSON.stringify((await store.call('drafts.get', { id: draft.id })).body);
  expect(body).not.toContain('Which day?');
  expect((await store.call('notes.list', { draftId: draft.id })).filter((n) => !n.resolvedAt)).toHaveLength(2);
});

test('the pre-publish check lists the exact problems, blocks approval, and an override with a reason goes into the trail', async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Eddie Editor', role: 'editor' });
  const handlers = validated(store);
  await createFixtureDraft(handlers, 'diplomacy-watch');
  const edge = await createFixtureDraft(handlers, 'edge-cases');
  await store.call('drafts.setStatus', { id: edge.id, expectedVersion: edge.version, status: 'in_review' });
  await page.reload();

  await rows(page).filter({ hasText: 'Diplomacy Watch' }).click();
  await sideTab(page, /^Review/).click();
  await expect(page.locator('.cd-check-item')).toHaveText([
    'Warning Source 1 (Reuters) is never cited in the text.',
    'Warning Source 2 (The Washington Post) is never cited in the text.',
    'Warning Source 3 (Associated Press) is never cited in the text.',
    'Warning Source 4 (The Wall Street Journal) is never cited in the text.',
  ]);

  await rows(page).filter({ hasText: 'Edge cases' }).click();
  await sideTab(page, /^Review/).click();
  await expect(page.locator('.cd-check-item')).toHaveText([
    'Error The piece has no top image.',
    'Warning Source 1 (Example Wire) is never cited in the text.',
  ]);
  // A problem takes the writer to its place.
  await page.locator('.cd-check-item', { hasText: 'never cited' }).getByRole('button').click();
  await expect(sideTab(page, /^Fields/)).toHaveAttribute('aria-selected', 'true');
  await sideTab(page, /^Review/).click();

  await page.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'The check found problems' });
  await expect(dialog).toContainText('The piece has no top image.');
  await dialog.getByLabel('Reason to override').fill('Running without art: the agency photo is embargoed');
  await dialog.getByRole('button', { name: /Override and approve/ }).click();
  await expect(page.locator('.cd-trail')).toContainText('In review → Approved by Eddie Editor');
  await expect(page.locator('.cd-trail')).toContainText(
    'check overridden: Running without art: the agency photo is embargoed',
  );
  await app.screenshot('review-check-override');
  const trail = await store.call('drafts.trail', { id: edge.id });
  expect(trail.at(-1)).toMatchObject({
    to: 'approved',
    overrideReason: 'Running without art: the agency photo is embargoed',
  });

  // The desk shows it under Approved, and the review pane passes axe.
  expect(await blocking(page)).toEqual([]);
  await page.getByRole('button', { name: 'Desk' }).click();
  await expect(page.locator('.cd-column', { hasText: 'Approved' }).locator('.cd-card')).toHaveText([/Edge cases/]);
  await expect(page.locator('.cd-column', { hasText: 'In review' }).locator('.cd-card')).toHaveText([
    /Diplomacy Watch/,
  ]);
  expect(await blocking(page)).toEqual([]);
  await app.screenshot('desk-view');
});

test('bulk tagging: tick several pieces in the library and add or remove a tag on all of them', async ({ app }) => {
  const { page, store } = app;
  const a = await store.call('drafts.create', { headline: 'Grid strikes resume', tags: ['Energy'] });
  const b = await store.call('drafts.create', { headline: 'Mediators regroup', tags: ['Energy', 'Qatar'] });
  await page.reload();
  const tick = (headline: string) => rows(page).filter({ hasText: headline }).locator('.cd-row-check').click();
  await tick('Grid strikes resume');
  await tick('Mediators regroup');
  const bar = page.getByRole('region', { name: 'Tag selected pieces' });
  await expect(bar).toContainText('2 selected');
  await bar.getByLabel('Tag for the selected pieces').fill('Diplomacy Watch');
  await bar.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByText('Tags changed on 2 pieces.')).toBeVisible();
  expect((await store.call('drafts.get', { id: a.id })).tags).toEqual(['Energy', 'Diplomacy Watch']);
  // From the keyboard this time: Space ticks the row under the cursor.
  await page.getByRole('listbox', { name: 'Drafts' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(rows(page).and(page.locator('[aria-checked="true"]'))).toHaveCount(2);
  await bar.getByLabel('Tag for the selected pieces').fill('energy');
  await bar.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('Tags changed on 2 pieces.')).toHaveCount(2);
  await expect
    .poll(async () => (await store.call('drafts.get', { id: b.id })).tags)
    .toEqual(['Qatar', 'Diplomacy Watch']);
});
