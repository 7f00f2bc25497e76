import { blockingViolations } from './axe';
import { expect, test } from './harness';

/** The app on a new computer: nobody has said who is working yet (issue #15). */
test.use({ firstRun: true });

test('first run: "Who is working?" is a modal dialog with its heading and the focus kept inside; once answered, Byline and Section can be worked', async ({
  app,
}) => {
  const { page } = app;
  const dialog = page.getByRole('dialog', { name: 'Who is working?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog.getByRole('heading', { name: 'Who is working?' })).toBeVisible();
  await expect(dialog.getByLabel('Your name')).toBeFocused();
  expect(await blockingViolations(page)).toEqual([]);
  // Tab and Shift+Tab go round the dialog's controls and never out to the desk behind it.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    await expect(dialog.locator(':focus')).toHaveCount(1);
  }
  await dialog.getByLabel('Your name').focus();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Not now' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Your name')).toBeFocused();
  // The desk behind does not take clicks while the question is open.
  await expect(
    page.getByRole('button', { name: 'New draft' }).click({ trial: true, timeout: 1_000 }),
  ).rejects.toThrow();

  await dialog.getByLabel('Your name').fill('Wendy Writer');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('banner')).toContainText('Wendy Writer · Writer');

  await page.getByRole('button', { name: 'New draft' }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toBeFocused();
  await page.keyboard.type('Ferries run again');
  await page.getByLabel('Section', { exact: true }).click({ timeout: 5_000 });
  await page.keyboard.type('Europe');
  await page.getByLabel('Add authors').click({ timeout: 5_000 });
  await page.keyboard.type('Wendy Writer');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Section', { exact: true })).toHaveValue('Europe');
  await expect(
    page.getByRole('group', { name: 'Authors' }).getByRole('button', { name: 'Remove Wendy Writer' }),
  ).toBeVisible();
});

test('first run: Escape puts the question off, the desk works, and the profile control asks it again', async ({
  app,
}) => {
  const { page, store } = app;
  const dialog = page.getByRole('dialog', { name: 'Who is working?' });
  await expect(dialog.getByLabel('Your name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const control = page.getByRole('banner').getByRole('button', { name: 'Who is working?' });
  await expect(control).toBeFocused();
  await page.getByRole('button', { name: 'New draft' }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toBeFocused();

  await control.click();
  await expect(dialog.getByLabel('Your name')).toBeFocused();
  await dialog.getByLabel('Your name').fill('Ed Editor');
  await dialog.getByRole('radio', { name: 'Editor' }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('banner')).toContainText('Ed Editor · Editor');
  expect(await store.call('profile.get', {})).toEqual({ name: 'Ed Editor', role: 'editor' });
  // Answered, it does not come back on the next start.
  await page.reload();
  await expect(page.getByRole('banner')).toContainText('Ed Editor · Editor');
  await expect(dialog).toBeHidden();
});
