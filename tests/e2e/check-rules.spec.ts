import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * The check's rules are the desk's settings: an editor turns a rule off,
 * makes another blocking and shortens the headline limit, and every piece's
 * check follows at once; an editor opening a piece starts on its review.
 */

test('an editor changes the check rules and the open piece is checked with them', async ({ app }) => {
  const { page, store } = app;
  await store.call('profile.set', { name: 'Eddie Editor', role: 'editor' });
  const headline = 'Port strike enters its third week';
  await store.call('drafts.create', {
    headline,
    section: 'Business',
    tags: ['labour'],
    body: { root: { type: 'root', children: [paragraphNode([textNode('Dockers walked out.')])] } },
  });
  await page.reload();

  await page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: headline }).click();
  await expect(page.getByRole('tab', { name: 'Review', exact: true })).toHaveAttribute('aria-selected', 'true');
  const check = page.locator('.cd-check');
  await expect(check).toContainText('The piece has no top image.');
  await expect(check).toContainText('The dek is empty.');
  await expect(check).not.toContainText('The headline is');

  await page.getByRole('button', { name: 'Check rules' }).click();
  const form = page.getByRole('form', { name: 'Pre-publish check' });
  await form.getByLabel('Headline limit (characters)').fill('20');
  await form.getByRole('combobox', { name: 'No top image' }).selectOption('off');
  await form.getByRole('combobox', { name: 'Empty dek' }).selectOption('error');
  await form.getByRole('button', { name: 'Save the rules' }).click();
  await expect(page.locator('.cd-settings-status')).toContainText('The check rules are saved');
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('check-rules');

  // A limit the check could not use is refused with the reason, and nothing changes.
  await form.getByLabel('Headline limit (characters)').fill('3');
  await form.getByRole('button', { name: 'Save the rules' }).click();
  await expect(page.getByRole('alert')).toContainText('The headline limit must be at least 10 characters.');

  await page.getByRole('button', { name: 'Write', exact: true }).click();
  await page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: headline }).click();
  await page.getByRole('tab', { name: 'Review', exact: true }).click();
  await expect(check).toContainText(`The headline is ${headline.length} characters; the limit is 20.`);
  await expect(check).not.toContainText('The piece has no top image.');
  await expect(check.locator('.cd-check-item.is-error')).toContainText(['The dek is empty.']);
});
