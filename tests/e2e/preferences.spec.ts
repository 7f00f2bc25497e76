import type { Page } from '@playwright/test';
import { blockingViolations } from './axe';
import { expect, test } from './harness';

/**
 * Preferences (Ctrl/Cmd+,), in Chromium with the real store: the update
 * address is checked and kept (main starts checking it when saved:
 * tests/unit/shell-updates.test.ts), notifications are chosen, and the
 * dialog says which checker marks spelling.
 */

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const preferences = (page: Page) => page.getByRole('dialog', { name: 'Preferences' });

test('Preferences keeps the update address and the notification choice, and refuses an address updates must not come from', async ({
  app,
}) => {
  const { page, store } = app;
  const search = page.getByLabel('Search drafts');
  await search.focus();
  await page.keyboard.press(`${mod}+Comma`);
  const dialog = preferences(page);
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  const address = dialog.getByLabel('Update address');
  await expect(address).toBeFocused();
  await expect(dialog.getByText('Empty: updates are off.')).toBeVisible();
  await expect(dialog.getByText(/^Spelling is checked by (Copydesk itself|macOS)/)).toBeVisible();
  expect(await blockingViolations(page)).toEqual([]);

  // Plain http from elsewhere could be swapped on the way: refused, in words, and nothing is kept.
  await address.fill('http://updates.example-news.org/copydesk/');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    /^The update settings were not saved: The update address http:\/\/updates\.example-news\.org is plain http:\/\//,
  );
  expect((await store.call('settings.get', { key: 'updates' })).value).toBeNull();

  await address.fill('  https://updates.example-news.org/copydesk/ ');
  await address.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText(
    'Saved. Copydesk looks for updates at https://updates.example-news.org/copydesk/ now and once a day.',
  );
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  expect((await store.call('settings.get', { key: 'updates' })).value).toEqual({
    url: 'https://updates.example-news.org/copydesk/',
  });

  const notify = dialog.getByRole('checkbox', {
    name: 'Tell me when an export or a publish finishes while Copydesk is in the background',
  });
  await expect(notify).not.toBeChecked();
  await notify.check();
  await expect(dialog.getByRole('status')).toHaveText('Notifications are on.');
  expect((await store.call('settings.get', { key: 'notifications' })).value).toEqual({ inBackground: true });
  await app.screenshot('preferences');

  // Escape closes it and gives the focus back; opened again, it shows what was kept.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(search).toBeFocused();
  await page.keyboard.press(`${mod}+Comma`);
  await expect(address).toHaveValue('https://updates.example-news.org/copydesk/');
  await expect(notify).toBeChecked();

  // Emptying the address turns updates off.
  await address.fill('');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Updates are off: Copydesk does not look for new versions.');
  expect((await store.call('settings.get', { key: 'updates' })).value).toEqual({ url: null });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
});

test('the command palette reaches Preferences by name', async ({ app }) => {
  const { page } = app;
  // The window answers keys once it has drawn the library.
  await page.getByLabel('Search drafts').focus();
  await page.keyboard.press(`${mod}+Shift+P`);
  await expect(page.getByRole('combobox', { name: 'Command' })).toBeFocused();
  await page.keyboard.type('preferences');
  await page.keyboard.press('Enter');
  await expect(preferences(page)).toBeVisible();
});
