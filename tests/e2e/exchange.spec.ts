import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtureDraft } from '../support/fixtures';
import { validated } from '../support/store';
import { expect, test } from './harness';

test('the open piece exports as Markdown into a chosen folder, with its image beside it', async ({ app }) => {
  const { page, store } = app;
  await createFixtureDraft(validated(store), 'diplomacy-watch');
  await page.reload();
  await page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').first().click();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-export-'));
  app.dialogs.folders.push(dir);
  await page.getByLabel('Export this piece').selectOption('md');
  await expect(page.getByRole('status', { name: 'Export and import' })).toContainText('Exported 1 piece');
  const file = readdirSync(dir).find((f) => f.endsWith('.md'))!;
  const markdown = readFileSync(join(dir, file), 'utf8');
  expect(markdown).toMatch(/^---\ntitle: /);
  expect(markdown).toContain('JEAN DUPRÉ/Pool via REUTERS');
  const asset = /\]\((assets\/[0-9a-f]{64}\.png)\)/.exec(markdown)![1]!;
  expect(existsSync(join(dir, asset))).toBe(true);
  await app.screenshot('export-summary');
});

test('Import… brings in Markdown files and says which were skipped and why', async ({ app }) => {
  const { page, store } = app;
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-import-'));
  writeFileSync(join(dir, 'good.md'), '---\ntitle: Grid talks resume\ntags: [Energy, Qatar]\ndescription: Mediators try again.\n---\n\nThe talks *resume* on Thursday.\n');
  writeFileSync(join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
  app.dialogs.files.push([join(dir, 'good.md'), join(dir, 'broken.md')]);
  await page.getByRole('button', { name: 'Import…' }).click();
  const summary = page.getByRole('status', { name: 'Export and import' });
  await expect(summary).toContainText('Imported 1 file; skipped 1');
  await expect(summary).toContainText('broken.md');
  await expect(page.getByRole('listbox', { name: 'Drafts' }).getByRole('option')).toHaveText([/Grid talks resume/]);
  const [row] = (await store.call('drafts.list', {})).rows;
  expect(row).toMatchObject({ headline: 'Grid talks resume', dek: 'Mediators try again.', tags: ['Energy', 'Qatar'] });
  await app.screenshot('import-summary');
});
