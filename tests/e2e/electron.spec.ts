import { _electron as electron, expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ELECTRON } from '../support/outside';
import { needOrSkip } from './harness';
import { API_METHODS } from '../../src/common/apiMethods';

/**
 * The real app in Electron. It runs wherever Electron's binary is installed
 * (a normal `npm install`); machines that cannot download it skip, saying so.
 */
const root = resolve(__dirname, '..', '..');

/** A new user-data folder is a first run: the modal "Who is working?" is put off before the desk is used. */
async function putOffWhoIsWorking(window: Page): Promise<void> {
  await window.getByRole('dialog', { name: 'Who is working?' }).getByRole('button', { name: 'Not now' }).click();
}

test('the Electron app opens, creates a draft and saves it', async () => {
  const binary = await needOrSkip(ELECTRON);
  const userData = mkdtempSync(join(tmpdir(), 'copydesk-electron-'));
  const app = await electron.launch({
    executablePath: binary,
    args: [root, `--user-data-dir=${userData}`],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const window = await app.firstWindow();
  await putOffWhoIsWorking(window);
  await window.getByRole('button', { name: 'New draft' }).click();
  await window.getByLabel('Body text').click();
  await window.keyboard.type('Typed in the real app.');
  await expect(window.getByText(/^Saved \d/)).toBeVisible();
  // Sandboxed and isolated: the page sees neither Node nor Electron, only the contract.
  expect(
    await window.evaluate(() => [
      typeof (globalThis as { process?: unknown }).process,
      typeof (globalThis as { require?: unknown }).require,
    ]),
  ).toEqual(['undefined', 'undefined']);
  expect(
    await window.evaluate(() => Object.keys((globalThis as unknown as { copydesk: object }).copydesk).sort()),
  ).toEqual([...new Set([...API_METHODS.map((method) => method.split('.')[0]!), 'events'])].sort());
  await app.close();
});

async function launch(binary: string, userData: string, ...files: string[]) {
  return electron.launch({
    executablePath: binary,
    args: [root, `--user-data-dir=${userData}`, ...files],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

test('the application menu has File, Edit, View, Piece, Window and Help, with the piece commands off until a piece is open', async () => {
  const binary = await needOrSkip(ELECTRON);
  const app = await launch(binary, mkdtempSync(join(tmpdir(), 'copydesk-electron-')));
  await app.firstWindow();
  const menu = await app.evaluate(({ Menu }) => {
    const items = Menu.getApplicationMenu()?.items ?? [];
    return {
      tops: items.map((item) => item.label.replace('&', '')),
      publish: Menu.getApplicationMenu()?.getMenuItemById('piece.publish')?.enabled,
    };
  });
  expect(menu.tops.filter((label) => label !== 'Copydesk')).toEqual([
    'File',
    'Edit',
    'View',
    'Piece',
    'Window',
    'Help',
  ]);
  expect(menu.publish).toBe(false);
  // Preferences and Report a problem are there (Copydesk's menu on macOS, File and Help elsewhere).
  expect(
    await app.evaluate(({ Menu }) =>
      ['app.preferences', 'help.reportProblem'].map((id) => Menu.getApplicationMenu()?.getMenuItemById(id)?.label),
    ),
  ).toEqual(['Preferences…', 'Report a problem…']);
  await app.close();
});

test('the window is served from app://copydesk/, never file://, and crash dumps stay on this computer', async () => {
  const binary = await needOrSkip(ELECTRON);
  const app = await launch(binary, mkdtempSync(join(tmpdir(), 'copydesk-electron-')));
  const window = await app.firstWindow();
  expect(window.url()).toBe('app://copydesk/index.html');
  expect(await window.evaluate(() => [location.origin, globalThis.isSecureContext])).toEqual(['app://copydesk', true]);
  // The scheme serves the renderer's files and nothing beside them.
  const statuses = await window.evaluate(async () =>
    Promise.all(
      ['/index.html', '/..%2fpreload%2findex.js', '/missing.js'].map(
        async (path) => (await fetch(`app://copydesk${path}`)).status,
      ),
    ),
  );
  expect(statuses).toEqual([200, 403, 404]);
  expect(await app.evaluate(({ crashReporter }) => crashReporter.getUploadToServer())).toBe(false);
  await app.close();
});

test('after the window’s page dies, Copydesk offers to reload it, and the saved piece is there again', async () => {
  const binary = await needOrSkip(ELECTRON);
  const app = await launch(binary, mkdtempSync(join(tmpdir(), 'copydesk-electron-')));
  const window = await app.firstWindow();
  await putOffWhoIsWorking(window);
  await window.getByRole('button', { name: 'New draft' }).click();
  await window.getByLabel('Body text').click();
  await window.keyboard.type('Written before the crash.');
  await expect(window.getByText(/^Saved \d/)).toBeVisible();
  await app.evaluate(({ dialog }) => {
    const asked: string[] = [];
    (globalThis as { asked?: string[] }).asked = asked;
    dialog.showMessageBox = async (...args: unknown[]) => {
      asked.push((args.at(-1) as { message: string }).message);
      return { response: 0, checkboxChecked: false };
    };
  });
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
  await expect
    .poll(() => app.evaluate(() => (globalThis as { asked?: string[] }).asked))
    .toEqual([expect.stringMatching(/^Copydesk’s window /)]);
  // The reloaded window is a new page: the first-run question again, then the piece as it was saved.
  await putOffWhoIsWorking(window);
  await window.getByRole('listbox', { name: 'Drafts' }).getByRole('option').first().click();
  await expect(window.getByLabel('Body text')).toContainText('Written before the crash.');
  await app.close();
});

test('`copydesk story.md` from a second launch asks, then imports the file into the library', async () => {
  const binary = await needOrSkip(ELECTRON);
  const userData = mkdtempSync(join(tmpdir(), 'copydesk-electron-'));
  const story = join(mkdtempSync(join(tmpdir(), 'copydesk-open-')), 'story.md');
  writeFileSync(story, '# Opened from the desktop\n\nA paragraph.\n');
  const app = await launch(binary, userData);
  const window = await app.firstWindow();
  // The native question cannot be clicked by Playwright: answer it in main, and keep what was asked.
  await app.evaluate(({ dialog }) => {
    const asked: string[] = [];
    (globalThis as { asked?: string[] }).asked = asked;
    dialog.showMessageBox = async (...args: unknown[]) => {
      asked.push((args.at(-1) as { message: string }).message);
      return { response: 0, checkboxChecked: false };
    };
  });
  // The single-instance lock hands the second launch's file to the running app, and the second launch quits.
  const second = spawnSync(binary, [root, `--user-data-dir=${userData}`, story], {
    env: { ...process.env, NODE_ENV: 'production' },
    timeout: 30_000,
  });
  expect(second.status).toBe(0);
  await expect(window.getByText('Opened from the desktop').first()).toBeVisible();
  expect(await app.evaluate(() => (globalThis as { asked?: string[] }).asked)).toEqual([
    'Import story.md into Copydesk?',
  ]);
  await app.close();
});

// macOS's own checker marks words for Chromium; on Windows and Linux Chromium's downloading checker is off
// (src/main/shell/spellcheck.ts) and Copydesk's in-app checker marks them, so the menu has no Chromium suggestions.
test('a right-click on a misspelled word offers the system checker’s suggestions on macOS, and no downloaded ones elsewhere', async () => {
  const binary = await needOrSkip(ELECTRON);
  const app = await launch(binary, mkdtempSync(join(tmpdir(), 'copydesk-electron-')));
  const window = await app.firstWindow();
  await app.evaluate(({ Menu }) => {
    const shown: string[][] = [];
    (globalThis as { shown?: string[][] }).shown = shown;
    Menu.buildFromTemplate = ((template: Array<{ label?: string }>) => {
      shown.push(template.map((item) => item.label ?? '-'));
      return { popup: () => undefined };
    }) as unknown as typeof Menu.buildFromTemplate;
  });
  await putOffWhoIsWorking(window);
  await window.getByRole('button', { name: 'New draft' }).click();
  await window.getByLabel('Body text').click();
  await window.keyboard.type('We recieve letters ');
  await expect(async () => {
    await window.getByText('recieve', { exact: false }).first().click({ button: 'right' });
    const shown = await app.evaluate(() => (globalThis as { shown?: string[][] }).shown ?? []);
    if (process.platform === 'darwin') {
      expect(shown.at(-1)).toEqual(
        expect.arrayContaining(['receive', 'Add “recieve” to dictionary', 'Paste as plain text']),
      );
    } else {
      expect(shown.at(-1)).toEqual(['Cut', 'Copy', 'Paste', 'Paste as plain text', 'Select all']);
    }
  }).toPass({ timeout: 15_000 });
  expect(await app.evaluate(({ session }) => session.defaultSession.isSpellCheckerEnabled())).toBe(
    process.platform === 'darwin',
  );
  await app.close();
});

test('quitting with a publish still waiting asks first, and staying keeps the app open', async () => {
  const binary = await needOrSkip(ELECTRON);
  const app = await launch(binary, mkdtempSync(join(tmpdir(), 'copydesk-electron-')));
  const window = await app.firstWindow();
  await app.evaluate(({ dialog }) => {
    const asked: string[] = [];
    (globalThis as { asked?: string[] }).asked = asked;
    dialog.showMessageBox = async (...args: unknown[]) => {
      asked.push((args.at(-1) as { message: string }).message);
      return { response: 1, checkboxChecked: false };
    };
  });
  // A webhook on a closed port: the publish waits to try again.
  const job = await window.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        copydesk: Record<
          string,
          Record<string, (input: unknown) => Promise<{ ok: boolean; value: { id?: string; draft?: { id: string } } }>>
        >;
      }
    ).copydesk;
    const created = await api.drafts!.create!({ headline: 'Waiting to go out' });
    const draftId = (created.value as { id: string }).id;
    await api.targets!.add!({
      name: 'Unreachable hook',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/hook',
      secret: 'a-webhook-secret-123',
    });
    return api.publish!.run!({ draftId, target: 'Unreachable hook', status: 'draft', wait: true });
  });
  expect(job.ok).toBe(true);
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  await expect
    .poll(() => app.evaluate(() => (globalThis as { asked?: string[] }).asked))
    .toEqual(['A publish has not gone out yet. Quit anyway?']);
  expect(await window.evaluate(() => document.title)).toBeTruthy();
  await app.close();
});
