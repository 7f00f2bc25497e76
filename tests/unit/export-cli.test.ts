import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runCli } from '../../src/main/cli/index';
import { portableStem } from '../../src/main/export/fileNames';
import { createFixtureDraft, fixtureNames } from '../support/fixtures';
import { openTestStore, tempDir, validated } from '../support/store';

/** `copydesk export` and `copydesk import`, through runCli as bin/copydesk.js calls it. */

const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => {
  while (dirs.length) dirs.pop()!.cleanup();
});

function folder(): string {
  const d = tempDir('copydesk-cli-x-');
  dirs.push(d);
  return d.dir;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

test('export writes every draft (or the chosen ones) and prints each path; import brings them into a new database', async () => {
  const dir = folder();
  const store = await openTestStore({ dir });
  const drafts = [];
  for (const name of fixtureNames()) drafts.push(await createFixtureDraft(validated(store), name));
  await store.close();

  const out = join(dir, 'out');
  const all = await cli('export', '--out', out, '--db', store.dbPath);
  expect(all.code).toBe(0);
  expect(all.out).toHaveLength(drafts.length);
  for (const path of all.out) expect(existsSync(path)).toBe(true);

  const some = await cli(
    'export',
    '--out',
    join(dir, 'some'),
    '--id',
    drafts[0]!.id,
    '--id',
    drafts[2]!.id,
    '--format',
    'html',
    '--db',
    store.dbPath,
  );
  expect(some.code).toBe(0);
  expect(some.out).toHaveLength(2);
  expect(some.out.every((p) => p.endsWith('.html'))).toBe(true);

  // The figure styles publishers use, on request.
  const diplomacy = drafts.find((d) => d.headline.startsWith('Diplomacy Watch'))!;
  for (const [style, figure] of [
    ['hugo', '{{< figure src="assets/'],
    ['html', '<figure>'],
    ['markdown', '!['],
  ] as const) {
    const styled = await cli(
      'export',
      '--out',
      join(dir, style),
      '--id',
      diplomacy.id,
      '--figure-style',
      style,
      '--db',
      store.dbPath,
    );
    expect(styled.code).toBe(0);
    expect(readFileSync(styled.out[0]!, 'utf8')).toContain(figure);
  }

  const tagged = await cli('export', '--out', join(dir, 'tagged'), '--tag', 'ceasefire', '--db', store.dbPath);
  expect(tagged.out).toEqual([join(dir, 'tagged', 'why-a-narrow-truce-can-be-the-hardest-kind-to-sign.md')]);

  // import creates the database it is pointed at…
  const newDb = join(dir, 'fresh', 'copydesk.db');
  const imported = await cli('import', ...all.out, '--db', newDb);
  expect(imported.err).toEqual([]);
  expect(imported.code).toBe(0);
  expect(imported.out).toHaveLength(drafts.length);
  for (const id of imported.out) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const listed = await cli('list', '--json', '--db', newDb);
  expect((JSON.parse(listed.out[0]!) as Array<{ headline: string }>).map((d) => d.headline).sort()).toEqual(
    drafts.map((d) => d.headline).sort(),
  );

  // …while read-only commands still refuse a missing one.
  const missing = await cli('list', '--db', join(dir, 'nope', 'copydesk.db'));
  expect(missing.code).toBe(1);
  expect(existsSync(join(dir, 'nope'))).toBe(false);
});

test('import prints JSON with --json, reports each bad file, and exits non-zero when any failed', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'ok.md'), '# Fine\n\nText.\n');
  writeFileSync(join(dir, 'bad.md'), '---\ntitle: [\n---\n');
  const result = await cli(
    'import',
    join(dir, 'ok.md'),
    join(dir, 'bad.md'),
    '--json',
    '--db',
    join(dir, 'db', 'c.db'),
  );
  expect(result.code).toBe(1);
  const report = JSON.parse(result.out[0]!) as { imported: unknown[]; failed: unknown[] };
  expect(report.imported).toHaveLength(1);
  expect(report.failed).toHaveLength(1);
  expect(result.err.join('\n')).toMatch(/bad\.md: Invalid front matter/);
});

test('export needs --out and a known format; import needs files', async () => {
  expect((await cli('export')).code).toBe(2);
  expect((await cli('export', '--out', folder(), '--format', 'pdf')).code).toBe(2);
  const style = await cli('export', '--out', folder(), '--figure-style', 'jekyll');
  expect(style.code).toBe(2);
  expect(style.err.join('\n')).toContain('Unknown figure style "jekyll": use markdown, html, hugo.');
  expect((await cli('import')).code).toBe(2);
  const help = await cli('--help');
  expect(help.out[0]).toContain('export --out DIR');
  expect(help.out[0]).toContain('import FILE...');
});

test('export never names a file after a device Windows reserves, nor ends it with a dot or a space', async () => {
  const dir = folder();
  const store = await openTestStore({ dir });
  const reserved = ['con', 'nul', 'aux', 'prn', 'com1', 'com9', 'lpt1', 'lpt9'];
  for (const slug of reserved) await store.call('drafts.create', { headline: `Piece ${slug}`, slug });
  // From a headline: "CON" becomes the slug-less stem "con".
  await store.call('drafts.create', { headline: 'CON' });
  await store.close();

  const out = join(dir, 'out');
  const result = await cli('export', '--out', out, '--db', store.dbPath);
  expect(result.err).toEqual([]);
  expect(result.code).toBe(0);
  const names = readdirSync(out)
    .filter((name) => name.endsWith('.md'))
    .sort();
  expect(names).toEqual([...reserved.map((slug) => `${slug}_.md`), 'con_-2.md'].sort());
  for (const name of names) expect(name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);

  // The rule itself, for stems that come from elsewhere.
  expect(portableStem('CON')).toBe('CON_');
  expect(portableStem('Nul.tar')).toBe('Nul_.tar');
  expect(portableStem('com¹')).toBe('com¹_');
  expect(portableStem('console')).toBe('console');
  expect(portableStem('lpt10')).toBe('lpt10');
  expect(portableStem('trailing. . ')).toBe('trailing');
  expect(portableStem('aux. ')).toBe('aux_');
  expect(portableStem('...')).toBe('untitled');
});
