import type { Page } from '@playwright/test';
import type { LexicalDocument } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * Revision history and the tag vocabulary, in Chromium with the real store:
 * the history lists every kept version with its reason and word-count
 * change, shows what changed since one (words and fields), names one, and
 * restores an older version and back again without losing either; the tags
 * screen renames, merges and deletes tags on every piece at once.
 */

const MINUS = '\u2212';

const rows = (page: Page) => page.getByRole('listbox', { name: 'Drafts' }).getByRole('option');
const versions = (page: Page) => page.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem');

function body(...paragraphs: string[]): LexicalDocument {
  return { root: { type: 'root', children: paragraphs.map((p) => paragraphNode([textNode(p)])) } };
}

async function openHistory(page: Page, headline: string): Promise<void> {
  await rows(page).filter({ hasText: headline }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
}

test('history lists every version, shows what changed, names one, and restores an older version and back', async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Wanda Writer', role: 'writer' });

  // Three versions saved by hand, each changing the text, and the last one the headline and tags too.
  const OLD_HEADLINE = 'Harbour plan approved';
  const NEW_HEADLINE = 'Council backs harbour plan despite protests';
  let draft = await store.call('drafts.create', { headline: OLD_HEADLINE, body: body('Draft.'), tags: ['harbour'] });
  const save = async (changes: { headline?: string; body: LexicalDocument; tags: string[] }): Promise<void> => {
    const outcome = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: draft.version,
      reason: 'manual',
      ...changes,
    });
    if (outcome.kind !== 'saved') throw new Error(`save: ${outcome.kind}`);
    draft = outcome.draft;
  };
  // 12 words.
  await save({
    body: body('The council approved the harbour plan on Tuesday.', 'Dredging starts in spring.'),
    tags: ['harbour'],
  });
  // 25 words: +13.
  await save({
    body: body(
      'The council approved the harbour plan on Tuesday.',
      'Dredging starts in spring.',
      'Fishermen said the plan ignores their moorings and threatened to block the quay.',
    ),
    tags: ['harbour', 'council'],
  });
  // 17 words: −8.
  await save({
    headline: NEW_HEADLINE,
    body: body(
      'The council backed the harbour plan on Tuesday despite protests.',
      'Fishermen said the plan ignores their moorings.',
    ),
    tags: ['harbour', 'council', 'protests'],
  });

  await page.reload();
  await openHistory(page, NEW_HEADLINE);

  // Newest first, each with its reason, author and word-count change against the one before it.
  await expect(versions(page)).toHaveCount(3);
  await expect(versions(page).nth(0)).toContainText('Saved by hand');
  await expect(versions(page).nth(0)).toContainText(`${MINUS}8`);
  await expect(versions(page).nth(0)).toContainText('by Wanda Writer');
  await expect(versions(page).nth(0)).toContainText('Current text');
  await expect(versions(page).nth(1)).toContainText('+13');
  await expect(versions(page).nth(2)).toContainText('12 words');

  // The list works from the keyboard: arrows move between versions, Enter selects.
  await versions(page).nth(0).getByRole('button').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(versions(page).nth(2).getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(versions(page).nth(2).getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect(versions(page).nth(0).getByRole('button')).not.toHaveAttribute('aria-current', 'true');

  // What changed since the oldest version: words marked in the text, and the fields old → new.
  const diff = page.locator('.cd-diff-body');
  await expect(diff.locator('del', { hasText: 'approved' })).toBeVisible();
  await expect(diff.locator('ins', { hasText: 'backed' })).toBeVisible();
  await expect(diff.locator('ins', { hasText: 'despite protests' })).toBeVisible();
  await expect(diff.locator('del', { hasText: 'Dredging starts in spring' })).toBeVisible();
  await expect(diff).toContainText('the harbour plan on Tuesday');
  const headline = page.locator('.cd-diff-field[data-field="Headline"] dd');
  await expect(headline.locator('del')).toHaveText(OLD_HEADLINE);
  await expect(headline.locator('ins')).toHaveText(NEW_HEADLINE);
  const tags = page.locator('.cd-diff-field[data-field="Tags"] dd');
  await expect(tags.locator('ins')).toHaveText(['council', 'protests']);
  await expect(tags).toContainText('harbour');
  await app.screenshot('history-diff');
  expect(await blockingViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('history-diff-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Name it; the name is kept by the store and shown after a reload.
  await page.getByRole('button', { name: 'Name this version' }).click();
  await page.getByLabel('Name for this version').fill('sent to legal');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(versions(page).nth(2)).toContainText('sent to legal');
  const oldest = (await store.call('revisions.list', { draftId: draft.id })).at(-1)!;
  expect(oldest.name).toBe('sent to legal');
  await page.reload();
  await openHistory(page, NEW_HEADLINE);
  await expect(versions(page).nth(2)).toContainText('sent to legal');

  // Restore it: the editor shows the old text and headline, and the restore is a new version on top.
  await versions(page).nth(2).getByRole('button').click();
  await page.getByRole('button', { name: 'Restore this version' }).click();
  await expect(page.getByLabel('Body text')).toContainText('Dredging starts in spring.');
  await expect(page.getByLabel('Body text')).not.toContainText('despite protests');
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(OLD_HEADLINE);
  await expect(versions(page)).toHaveCount(4);
  await expect(versions(page).nth(0)).toContainText('Restored');
  await expect(versions(page).nth(0)).toContainText('from “sent to legal”');
  await expect(versions(page).nth(0)).toContainText('Current text');
  await expect(page.getByRole('status').filter({ hasText: 'Restored “sent to legal”' })).toBeVisible();
  // The restored version now matches the text: nothing differs.
  await expect(page.locator('.cd-rev-detail')).toContainText('The text is the same as in this version');
  let current = await store.call('drafts.get', { id: draft.id });
  expect(current.headline).toBe(OLD_HEADLINE);
  expect(current.tags).toEqual(['harbour']);

  // And back: the newer text was never lost, it is the version just below the restore.
  await versions(page).nth(1).getByRole('button').click();
  await expect(page.locator('.cd-diff-body ins', { hasText: 'Dredging starts in spring' })).toBeVisible();
  await page.getByRole('button', { name: 'Restore this version' }).click();
  await expect(page.getByLabel('Body text')).toContainText('despite protests');
  await expect(page.getByLabel('Body text')).not.toContainText('Dredging');
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue(NEW_HEADLINE);
  await expect(versions(page)).toHaveCount(5);
  await expect(versions(page).nth(0)).toContainText('Restored');
  current = await store.call('drafts.get', { id: draft.id });
  expect(current.headline).toBe(NEW_HEADLINE);
  expect(current.tags).toEqual(['harbour', 'council', 'protests']);
  const lineage = await store.call('revisions.list', { draftId: draft.id });
  expect(lineage.map((r) => r.reason)).toEqual(['restore', 'restore', 'manual', 'manual', 'manual']);
  expect(lineage[0]!.restoredFrom).toBe(lineage[2]!.id);
  expect(lineage[1]!.restoredFrom).toBe(lineage[4]!.id);
  expect(await blockingViolations(page)).toEqual([]);
});

test('a long piece is compared up to a cap, and the panel says so', async ({ app }) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Wanda Writer', role: 'writer' });
  const paragraph = (i: number): string => `Paragraph ${i} ${'word '.repeat(97).trim()} end.`;
  const paragraphs = Array.from({ length: 80 }, (_, i) => paragraph(i));
  let draft = await store.call('drafts.create', { headline: 'A very long read', body: body(...paragraphs) });
  for (const text of [
    paragraphs,
    paragraphs.map((p, i) => (i === 0 ? p.replace('Paragraph 0', 'Opening paragraph') : p)),
  ]) {
    const outcome = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: draft.version,
      reason: 'manual',
      body: body(...text, text === paragraphs ? 'Coda.' : 'Coda, rewritten.'),
    });
    if (outcome.kind !== 'saved') throw new Error(`save: ${outcome.kind}`);
    draft = outcome.draft;
  }
  await page.reload();
  await openHistory(page, 'A very long read');
  await versions(page).nth(1).getByRole('button').click();
  await expect(page.locator('.cd-diff-body ins', { hasText: 'Opening' })).toBeVisible();
  await expect(page.locator('.cd-diff-truncated')).toContainText(
    'only the first 5,000 words of each side are compared',
  );
  // The change past the cap is not shown, and unchanged paragraphs are folded away.
  await expect(page.locator('.cd-diff-body')).not.toContainText('rewritten');
  await expect(page.getByRole('button', { name: /Show \d+ unchanged paragraphs/ })).toBeVisible();
});

test('the tags screen renames, merges and deletes tags on every piece, with the counts shown first', async ({
  app,
}) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Eddie Editor', role: 'editor' });
  await page.reload();
  const tagsNav = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Tags' });
  const writeNav = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Write' });

  // An empty vocabulary says so.
  await tagsNav.click();
  await expect(page.getByText('No tags yet.')).toBeVisible();

  const gasDeal = await store.call('drafts.create', { headline: 'Gas deal signed', tags: ['energy', 'gas'] });
  const pipeline = await store.call('drafts.create', {
    headline: 'Pipeline delayed',
    tags: ['gas', 'pipelines', 'energy'],
  });
  const truce = await store.call('drafts.create', { headline: 'Truce holds', tags: ['truce'] });
  const talks = await store.call('drafts.create', { headline: 'Talks resume', tags: ['ceasefire', 'truce'] });
  const tagsOf = async (id: string): Promise<string[]> => (await store.call('drafts.get', { id })).tags;

  await writeNav.click();
  await tagsNav.click();
  const table = page.getByRole('table', { name: 'Tags' });
  const row = (name: string) =>
    table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const names = () => table.getByRole('rowheader');

  // Sorted by name; by usage on request.
  await expect(names()).toHaveText(['ceasefire', 'energy', 'gas', 'pipelines', 'truce']);
  await expect(row('gas').getByRole('cell').first()).toHaveText('2');
  await table.getByRole('button', { name: 'Pieces' }).click();
  await expect(table.getByRole('columnheader', { name: /Pieces/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(names()).toHaveText(['energy', 'gas', 'truce', 'ceasefire', 'pipelines']);
  await table.getByRole('button', { name: 'Tag' }).click();
  await expect(names()).toHaveText(['ceasefire', 'energy', 'gas', 'pipelines', 'truce']);

  // A description, saved when the field is left.
  await row('ceasefire').getByLabel('Description of ceasefire').fill('Pauses in fighting agreed by both sides.');
  await row('ceasefire').getByLabel('Description of ceasefire').press('Tab');
  await expect(row('ceasefire')).toContainText('Saved');
  await expect
    .poll(async () => (await store.call('tags.list', {})).find((t) => t.name === 'ceasefire')?.description)
    .toBe('Pauses in fighting agreed by both sides.');

  // Rename everywhere.
  await row('gas').getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name for “gas”').fill('natural gas');
  await page.getByLabel('New name for “gas”').press('Enter');
  await expect(page.locator('.cd-tags-status')).toContainText('Renamed “gas” to “natural gas” on 2 pieces.');
  await expect(names()).toHaveText(['ceasefire', 'energy', 'natural gas', 'pipelines', 'truce']);
  expect(await tagsOf(gasDeal.id)).toEqual(['energy', 'natural gas']);
  expect(await tagsOf(pipeline.id)).toEqual(['natural gas', 'pipelines', 'energy']);

  // A rename onto a name in use is refused with the store's advice to merge.
  await row('truce').getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name for “truce”').fill('Ceasefire');
  await page.getByRole('form', { name: 'Rename truce' }).getByRole('button', { name: 'Rename' }).click();
  await expect(row('truce').getByRole('alert')).toContainText('already exists; merge the two instead');

  // Merge: the confirmation says how many pieces move.
  await row('truce').getByRole('button', { name: 'Merge instead' }).click();
  await page.getByLabel('Merge “truce” into').selectOption('ceasefire');
  await expect(row('truce')).toContainText('2 pieces will move from “truce” to “ceasefire”');
  await row('truce').getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(page.locator('.cd-tags-status')).toContainText(
    'Merged “truce” into “ceasefire”, which is now on 2 pieces.',
  );
  await expect(names()).toHaveText(['ceasefire', 'energy', 'natural gas', 'pipelines']);
  expect(await tagsOf(truce.id)).toEqual(['ceasefire']);
  expect(await tagsOf(talks.id)).toEqual(['ceasefire']);

  // Delete: the confirmation says how many pieces lose the tag.
  await row('energy').getByRole('button', { name: 'Delete' }).click();
  await expect(row('energy')).toContainText('2 pieces will lose this tag.');
  await app.screenshot('tags-screen');
  expect(await blockingViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await blockingViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
  await row('energy').getByRole('button', { name: 'Delete “energy”' }).click();
  await expect(page.locator('.cd-tags-status')).toContainText('Deleted “energy”; 2 pieces lost it.');
  await expect(names()).toHaveText(['ceasefire', 'natural gas', 'pipelines']);
  expect(await tagsOf(gasDeal.id)).toEqual(['natural gas']);
  expect(await tagsOf(pipeline.id)).toEqual(['natural gas', 'pipelines']);

  // The filter narrows the table and says when nothing matches.
  await page.getByLabel('Filter tags').fill('gas');
  await expect(names()).toHaveText(['natural gas']);
  await page.getByLabel('Filter tags').fill('fighting');
  await expect(names()).toHaveText(['ceasefire']);
  await page.getByLabel('Filter tags').fill('zzz');
  await expect(page.getByText('No tag matches “zzz”.')).toBeVisible();
  await page.getByLabel('Filter tags').fill('');
  await expect(names()).toHaveCount(3);
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('tags-screen-after');
});
