/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { randomUUID } from 'node:crypto';
import { createFixtureDraft } from '../support/fixtures';
import { validated } from '../support/store';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

for (const scheme of ['light', 'dark'] as const) {
  test(`the library, editor and fields pass axe in ${scheme} mode`, async ({ app }) => {
    const { page, store } = app;
    await page.emulateMedia({ colorScheme: scheme });
    const handlers = validated(store);
    for (const name of ['diplomacy-watch', 'energy-truce-analysis', 'edge-cases'])
      await createFixtureDraft(handlers, name);
    await page.reload();
    await expect(page.getByRole('listbox', { name: 'Drafts' }).getByRole('option')).toHaveCount(3);
    expect(await blockingViolations(page)).toEqual([]);
    await app.screenshot(`library-${scheme}`);

    await page
      .getByRole('listbox', { name: 'Drafts' })
      .getByRole('option')
      .filter({ hasText: 'Diplomacy Watch' })
      .click();
    await expect(page.locator('.cd-body figure img')).toBeVisible();
    await page.locator('.cd-source-title').first().click();
    expect(await blockingViolations(page)).toEqual([]);
    await app.screenshot(`editor-and-fields-${scheme}`);

    await page.getByRole('tab', { name: /Trash/ }).click();
    expect(await blockingViolations(page)).toEqual([]);
  });
}

test('every control on the desk has a name and the desk can be worked from the keyboard', async ({ app }) => {
  const { page, store } = app;
  await createFixtureDraft(validated(store), 'diplomacy-watch');
  await page.reload();
  // From the search box, Tab reaches the new-draft button, the filters and the list; the list opens by Enter.
  await page.getByLabel('Search drafts').focus();
  const reached = new Set<string>();
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    reached.add(
      await page.evaluate(
        () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '',
      ),
    );
  }
  expect([...reached]).toEqual(
    expect.arrayContaining(['New draft', 'Filter by tag', 'Filter by section', 'Sort by', 'Drafts']),
  );
  await page.getByRole('listbox', { name: 'Drafts' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Body text')).toContainText('Since the cross-border offensive');
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, input, select, textarea, [contenteditable="true"]')]
      .filter((el) => !(el as HTMLElement).hidden && (el as HTMLElement).offsetParent !== null)
      .filter((el) => {
        const label =
          el.getAttribute('aria-label') ||
          (el as HTMLInputElement).labels?.[0]?.textContent ||
          el.textContent?.trim() ||
          el.getAttribute('title');
        return !label;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
});

test('names say what a control is, without its badge or help text, and every screen has its main landmark', async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Wendy Writer', role: 'writer' });
  const draft = await createFixtureDraft(validated(store), 'diplomacy-watch');
  await store.call('notes.add', { draftId: draft.id, id: randomUUID(), quote: 'strengthen', body: 'Which hand?' });
  await page.reload();
  await page
    .getByRole('listbox', { name: 'Drafts' })
    .getByRole('option')
    .filter({ hasText: 'Diplomacy Watch' })
    .click();
  // The open-note count is a description, not part of the tab's name ("Review1").
  const review = page.getByRole('tablist', { name: 'Side pane' }).getByRole('tab', { name: 'Review', exact: true });
  await expect(review).toHaveAccessibleName('Review');
  await expect(review).toHaveAccessibleDescription('1 open note');
  await expect(page.getByRole('textbox', { name: 'Slug', exact: true })).toHaveAccessibleDescription(
    'Follows the headline until you edit it.',
  );
  await expect(page.getByRole('main')).toHaveCount(1);
  for (const screen of ['Desk', 'Newsroom', 'Tags', 'Publishing', 'Check rules']) {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: screen, exact: true }).click();
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
    expect(await blockingViolations(page), screen).toEqual([]);
  }
});
