import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtureDraft } from '../support/fixtures';
import { validated } from '../support/store';
import { expect, test } from './harness';

test('the open piece exports as Markdown to the file named in the save dialog, with its image beside it', async ({
  app,
}) => {
  const { page, store } = app;
  await createFixtureDraft(validated(store), 'diplomacy-watch');
  await page.reload();
  await page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').first().click();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-export-'));
  app.dialogs.saves.push(join(dir, 'for-the-desk.md'));
  await page.getByLabel('Export this piece').selectOption({ label: 'As Markdown…' });
  await expect(page.getByRole('status', { name: 'Export and import' })).toContainText('Exported 1 piece');
  const markdown = readFileSync(join(dir, 'for-the-desk.md'), 'utf8');
  expect(markdown).toMatch(/^---\ntitle: /);
  expect(markdown).toContain('JEAN DUPRÉ/Pool via REUTERS');
  const asset = /\]\((assets\/[0-9a-f]{64}\.png)\)/.exec(markdown)![1]!;
  expect(existsSync(join(dir, asset))).toBe(true);
  await app.screenshot('export-summary');

  // A cancelled save dialog writes nothing.
  await page.getByLabel('Export this piece').selectOption({ label: 'As HTML…' });
  expect(readdirSync(dir).sort()).toEqual(['assets', 'for-the-desk.md']);
});

test('the pieces shown export into a folder with Hugo figure shortcodes', async ({ app }) => {
  const { page, store } = app;
  await createFixtureDraft(validated(store), 'diplomacy-watch');
  await createFixtureDraft(validated(store), 'energy-truce-analysis');
  await page.reload();
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bulk-'));
  app.dialogs.folders.push(dir);
  await page
    .getByLabel('Export the pieces shown into a folder')
    .selectOption({ label: 'As Markdown, Hugo figure shortcodes…' });
  await expect(page.getByRole('status', { name: 'Export and import' })).toContainText('Exported 2 pieces');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  expect(files).toHaveLength(2);
  for (const file of files) expect(readFileSync(join(dir, file), 'utf8')).toContain('{{< figure src="assets/');
});

test('Import… brings in Markdown files and says which were skipped and why', async ({ app }) => {
  const { page, store } = app;
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-import-'));
  writeFileSync(
    join(dir, 'good.md'),
    '---\ntitle: Grid talks resume\ntags: [Energy, Qatar]\ndescription: Mediators try again.\n---\n\nThe talks *resume* on Thursday.\n',
  );
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

test('a script in the page that names a path is refused by every file method; nothing is read or written', async ({
  app,
}) => {
  const { page, store } = app;
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-hostile-'));
  const bashrc = join(dir, '.bashrc');
  writeFileSync(bashrc, 'alias ls="ls --color"\n');
  writeFileSync(join(dir, 'private.md'), '# Private\n\nNot for the page.\n');
  const draft = await store.call('drafts.create', { headline: 'A piece' });
  const answers = await page.evaluate(
    async ({ dir, id }) => {
      const api = (
        window as unknown as {
          copydesk: Record<
            string,
            Record<string, (input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>>
          >;
        }
      ).copydesk;
      return Promise.all([
        api.import!.files!({ files: [`${dir}/private.md`] }),
        api.import!.files!({ paths: [`${dir}/private.md`] }),
        api.export!.toFile!({ id, file: `${dir}/.bashrc`, format: 'md' }),
        api.export!.toFolder!({ folder: `${dir}/elsewhere`, format: 'md' }),
        api.images!.import!({ file: '/usr/share/pixmaps/debian-logo.png' }),
      ]);
    },
    { dir, id: draft.id },
  );
  for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(readFileSync(bashrc, 'utf8')).toBe('alias ls="ls --color"\n');
  expect(readdirSync(dir).sort()).toEqual(['.bashrc', 'private.md']);
  expect((await store.call('drafts.counts', {})).all).toBe(1);
});

test('Markdown files dropped on the library are imported from what the shell granted for the drop', async ({ app }) => {
  const { page } = app;
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-drop-'));
  writeFileSync(
    join(dir, 'dropped.md'),
    '---\ntitle: Dropped in from the desktop\n---\n\nThe file came by drag and drop.\n',
  );
  // In the app the preload reports the real drop's paths; here the harness plays that part, and the page only gets grants.
  app.dialogs.drops.push([join(dir, 'dropped.md')]);
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['what the page sees'], 'dropped.md', { type: 'text/markdown' }));
    return transfer;
  });
  await page.getByRole('navigation', { name: 'Library' }).dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('status', { name: 'Export and import' })).toContainText('Imported 1 file');
  await expect(page.getByRole('listbox', { name: 'Drafts' }).getByRole('option')).toHaveText([
    /Dropped in from the desktop/,
  ]);
});
