import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ELECTRON } from '../support/outside';
import { needOrSkip } from './harness';

/**
 * The real app in Electron. It runs wherever Electron's binary is installed
 * (a normal `npm install`); machines that cannot download it skip, saying so.
 */
const root = resolve(__dirname, '..', '..');

test('the Electron app opens, creates a draft and saves it', async () => {
  const binary = await needOrSkip(ELECTRON);
  const userData = mkdtempSync(join(tmpdir(), 'copydesk-electron-'));
  const app = await electron.launch({ executablePath: binary, args: [root, `--user-data-dir=${userData}`], env: { ...process.env, NODE_ENV: 'production' } });
  const window = await app.firstWindow();
  await window.getByRole('button', { name: 'New draft' }).click();
  await window.getByLabel('Body text').click();
  await window.keyboard.type('Typed in the real app.');
  await expect(window.getByText(/^Saved \d/)).toBeVisible();
  // Sandboxed and isolated: the page sees neither Node nor Electron, only the contract.
  expect(await window.evaluate(() => [typeof (globalThis as { process?: unknown }).process, typeof (globalThis as { require?: unknown }).require])).toEqual(['undefined', 'undefined']);
  expect(await window.evaluate(() => Object.keys((globalThis as unknown as { copydesk: object }).copydesk).sort())).toEqual(['app', 'drafts', 'events', 'images', 'revisions', 'settings', 'tags']);
  await app.close();
});
