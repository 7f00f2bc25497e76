import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The real app in Electron. It runs wherever Electron's binary is installed
 * (a normal `npm install`); machines that cannot download it skip, saying so.
 */
const root = resolve(__dirname, '..', '..');

function electronBinary(): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test('the Electron app opens, creates a draft and saves it', async () => {
  if (binary === null) console.warn("electron.spec: skipped, Electron's binary is not installed on this machine.");
  test.skip(binary === null, "Electron's binary is not installed on this machine (its download is blocked here), so the app window cannot be launched; the browser e2e specs cover the renderer with the real services.");
  const userData = mkdtempSync(join(tmpdir(), 'copydesk-electron-'));
  const app = await electron.launch({ executablePath: binary!, args: [root, `--user-data-dir=${userData}`], env: { ...process.env, NODE_ENV: 'production' } });
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
