import { WORDPRESS, wpGet, type WordPressServer } from '../support/cms';
import { CMS_START_TIMEOUT_MS } from '../support/outside';
import { createFixtureDraft } from '../support/fixtures';
import { blockingViolations } from './axe';
import { expect, needOrSkip, test } from './harness';

/**
 * One-click publishing in Chromium, with the real store and a real
 * WordPress on 127.0.0.1 (scripts/cms/wordpress.sh; without one it skips,
 * saying how to get one): set up the target on
 * the Publishing screen (a wrong password is named as such), publish the
 * open piece from its Publish dialog after a dry-run preview, see its
 * address, then edit and publish again to update the same post in place,
 * and find that an unchanged piece sends nothing.
 */

const TARGET = 'Newsroom WP';

function wpPost(
  wp: WordPressServer,
  id: string,
): Promise<{ id: number; status: string; title: { raw: string }; content: { raw: string }; excerpt: { raw: string } }> {
  return wpGet(wp, `posts/${id}?context=edit`);
}

test('a writer sets up WordPress, publishes the open piece, and updates it in place', async ({ app }) => {
  test.setTimeout(CMS_START_TIMEOUT_MS + 120_000);
  const wp = await needOrSkip(WORDPRESS);
  const { page, store } = app;
  await store.call('profile.set', { name: 'Wanda Writer', role: 'writer' });
  const draft = await createFixtureDraft(store.handlers, 'energy-truce-analysis');
  const errors = (await store.call('drafts.check', { id: draft.id })).filter((p) => p.severity === 'error');

  // The Publishing screen: add the site with a wrong password, and the test says so.
  await page.getByRole('button', { name: 'Publishing' }).click();
  await expect(page.getByText('No publish targets yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Add a target…' }).click();
  const form = page.getByRole('form', { name: 'Add a publish target' });
  await form.getByLabel('Name', { exact: true }).fill(TARGET);
  await form.getByLabel('Site address').fill('not a url');
  await expect(form.getByText('The address must start with http:// or https://.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Add target' })).toBeDisabled();
  await form.getByLabel('Site address').fill(wp.url);
  await form.getByLabel('User name').fill(wp.user);
  await form.getByLabel('Application password').fill('wrong wrong wrong wrong');
  await form.getByRole('button', { name: 'Add target' }).click();
  const card = page.getByRole('listitem', { name: TARGET });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByRole('status')).toContainText('refused the credentials');

  // The right password, set by editing; the secret itself never comes back to the screen.
  await card.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: `Edit ${TARGET}` });
  await expect(edit.getByLabel('Application password')).toHaveValue('');
  await edit.getByLabel('Application password').fill(wp.appPassword);
  await edit.getByRole('button', { name: 'Save' }).click();
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByRole('status')).toContainText(`as ${wp.user}`, { timeout: 30_000 });
  expect(await page.content()).not.toContain(wp.appPassword);
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('publish-targets');

  // The piece, and its Publish dialog with a dry run of what goes out.
  await page.getByRole('button', { name: 'Write', exact: true }).click();
  await page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: draft.headline }).click();
  await expect(page.locator('.cd-headline')).toHaveValue(draft.headline);
  await page.getByRole('button', { name: 'Publish…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Publish this piece' });
  await expect(dialog.getByText('Creates a new post.')).toBeVisible();
  const fields = dialog.getByRole('table', { name: 'Fields that will be sent' });
  await expect(fields.getByRole('row', { name: /title/ })).toContainText(draft.headline);
  await expect(fields.getByRole('row', { name: /excerpt/ })).toContainText(draft.dek);
  await expect(dialog.getByRole('list', { name: 'Images' }).getByRole('listitem')).toHaveCount(2);
  expect(await blockingViolations(page)).toEqual([]);
  await app.screenshot('publish-preview');

  // A live publish waits for a clean check (or an approval); a draft there does not.
  await dialog.getByLabel('How').selectOption('publish');
  if (errors.length > 0) {
    await expect(dialog.getByRole('alert')).toContainText('stop a live publish');
    await expect(dialog.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  }
  await dialog.getByLabel('How').selectOption('draft');
  await expect(dialog.getByText('Creates a new post.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(dialog.getByRole('status').first()).toContainText('Published', { timeout: 60_000 });
  const link = dialog.getByRole('link', { name: 'Open in browser' });
  await expect(link).toHaveAttribute('href', /^http:\/\/127\.0\.0\.1:\d+\//);
  await app.screenshot('publish-done');

  const [first] = (await store.call('publish.status', { draftId: draft.id })).publications;
  expect(first).toMatchObject({ targetName: TARGET, changedSince: false });
  const created = await wpPost(wp, first!.remoteId);
  expect(created).toMatchObject({ status: 'draft', title: { raw: draft.headline }, excerpt: { raw: draft.dek } });
  expect(created.content.raw).toContain('<figcaption');

  // The library says where the piece lives.
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(
    page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: draft.headline }),
  ).toContainText(`On ${TARGET}`);

  // An edit, then a second publish: the same post, updated in place.
  const ADDED = 'Negotiators met again on Thursday night.';
  await page.locator('.cd-body').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(ADDED);
  await page.getByRole('button', { name: 'Publish…' }).first().click();
  await expect(dialog.getByText('Updates the post already there, in place.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Update the post' }).click();
  await expect(dialog.getByRole('status').first()).toContainText('Published', { timeout: 60_000 });
  const [second] = (await store.call('publish.status', { draftId: draft.id })).publications;
  expect(second!.remoteId).toBe(first!.remoteId);
  expect((await wpPost(wp, second!.remoteId)).content.raw).toContain(ADDED);

  // Nothing changed since: the dialog says so, and publishing sends nothing.
  await dialog.getByRole('button', { name: 'Back to the preview' }).click();
  await expect(dialog.getByText('Nothing to send: the target already has exactly this version.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Publish (nothing has changed)' }).click();
  await expect(dialog.getByRole('status')).toContainText('Nothing to send');
  const jobs = await store.call('publish.jobs', { draftId: draft.id });
  expect(jobs.map((j) => j.state)).toEqual(['done', 'done']);
});
