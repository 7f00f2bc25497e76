import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft, DraftSummary, ImageRecord } from '../../src/common/domain';
import { runCli } from '../../src/main/cli/index';
import { SNIPPET_CLOSE, SNIPPET_OPEN } from '../../src/main/db/ftsQuery';
import { createFixtureDraft, FIXTURE_IMAGES_DIR, fixtureNames, loadFixture } from '../support/fixtures';
import { openTestStore, tempDir } from '../support/store';

/**
 * `copydesk`, the command line: in-process through runCli with captured
 * output, then once for real through bin/copydesk.js in a child process.
 */

const ROOT = resolve(__dirname, '..', '..');
const SHIM = join(ROOT, 'bin', 'copydesk.js');
const BUILT_CLI = join(ROOT, 'out', 'main', 'cli.js');

/** Runs `node ...args` and collects its exit code and output, whatever the code. */
function node(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, env, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

interface Result {
  code: number;
  out: string;
  err: string;
}

async function cli(...argv: string[]): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A usage error: exit 2, the reason and the usage on stderr, nothing on stdout. */
function expectUsage(result: Result, reason: RegExp): void {
  expect(result.code, result.err).toBe(2);
  expect(result.out).toBe('');
  expect(result.err).toMatch(reason);
  expect(result.err).toMatch(/^Usage: copydesk <command>/m);
  expect(result.err).toMatch(/Statuses: draft, in_review, approved, published, archived/);
}

/** A readable failure: one `copydesk:` line, no stack trace. */
function expectFailure(result: Result, message: RegExp): void {
  expect(result.code, result.err).toBe(1);
  expect(result.out).toBe('');
  expect(result.err).toMatch(/^copydesk: /);
  expect(result.err).toMatch(message);
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(result.err).not.toMatch(/Usage:/);
}

const tmp = tempDir('copydesk-cli-');
const P = join(tmp.dir, 'copydesk.db');
const drafts: Record<string, Draft> = {};
const headline = (name: string): string => drafts[name]!.headline;

beforeAll(async () => {
  const store = await openTestStore({ dir: tmp.dir, dbPath: P });
  try {
    for (const name of fixtureNames()) {
      drafts[name] = await createFixtureDraft(store.handlers, name);
      store.clock.advance(60_000);
    }
  } finally {
    await store.close();
  }
  expect(Object.keys(drafts).sort()).toEqual(['diplomacy-watch', 'edge-cases', 'energy-truce-analysis', 'minimal']);
});

afterAll(() => tmp.cleanup());

describe('copydesk list', () => {
  it('prints one line per draft, with its headline, newest first', async () => {
    const { code, out, err } = await cli('list', '--db', P);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines).toHaveLength(4);
    for (const name of Object.keys(drafts)) {
      const line = lines.find((l) => l.startsWith(drafts[name]!.id));
      expect(line, name).toBeDefined();
      expect(line!.endsWith(`  ${headline(name)}`), line).toBe(true);
    }
    // Created a minute apart: the last one created comes first.
    const newest = Object.values(drafts).at(-1)!;
    expect(lines[0]!.startsWith(newest.id)).toBe(true);
    expect(lines.find((l) => l.startsWith(drafts['diplomacy-watch']!.id))).toMatch(/In review/);
  });

  it('--json prints the rows as JSON', async () => {
    const { code, out } = await cli('list', '--json', '--db', P);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as DraftSummary[];
    expect(rows.map((r) => r.id).sort()).toEqual(Object.values(drafts).map((d) => d.id).sort());
    for (const row of rows) {
      const draft = Object.values(drafts).find((d) => d.id === row.id)!;
      expect(row).toMatchObject({ headline: draft.headline, status: draft.status, tags: draft.tags, wordCount: draft.wordCount });
      expect(row.sourceCount).toBe(draft.sources.length);
      expect(row).not.toHaveProperty('body');
    }
  });

  it('--status and --tag filter the list', async () => {
    const ids = async (...args: string[]): Promise<string[]> => {
      const result = await cli('list', '--json', '--db', P, ...args);
      expect(result.code, result.err).toBe(0);
      return (JSON.parse(result.out) as DraftSummary[]).map((r) => r.id).sort();
    };
    expect(await ids('--status', 'in_review')).toEqual([drafts['diplomacy-watch']!.id]);
    expect(await ids('--status', 'published')).toEqual([]);
    const energy = [drafts['diplomacy-watch']!.id, drafts['energy-truce-analysis']!.id].sort();
    expect(await ids('--tag', 'Energy security')).toEqual(energy);
    expect(await ids('--tag', 'Energy security', '--status', 'draft')).toEqual([drafts['energy-truce-analysis']!.id]);
    expect(await ids('--tag', 'emoji 🚀')).toEqual([drafts['edge-cases']!.id]);
    expect(await ids('--tag', 'No such tag')).toEqual([]);

    // The text form filters too, and says so when nothing is left.
    const text = await cli('list', '--status', 'in_review', '--db', P);
    expect(text.out.split('\n')).toEqual([expect.stringContaining(headline('diplomacy-watch'))]);
    expect((await cli('list', '--status', 'archived', '--db', P)).out).toBe('No drafts.');
  });
});

describe('copydesk search', () => {
  it('prints each hit with a snippet, the matches in [brackets]', async () => {
    const { code, out, err } = await cli('search', 'truce', '--db', P);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(headline('energy-truce-analysis'));
    expect(out).toContain(headline('diplomacy-watch'));
    expect(out).not.toContain(headline('minimal'));
    const snippets = out.split('\n').filter((l) => l.startsWith('    '));
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    for (const snippet of snippets) expect(snippet).toMatch(/\[truces?\]/i);
    // FTS's own markers never leak into what a person reads.
    expect(out).not.toContain(SNIPPET_OPEN);
    expect(out).not.toContain(SNIPPET_CLOSE);
  });

  it('--json prints the rows with their snippet parts', async () => {
    const { code, out } = await cli('search', 'truce', '--json', '--db', P);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as DraftSummary[];
    expect(rows.map((r) => r.id).sort()).toEqual([drafts['diplomacy-watch']!.id, drafts['energy-truce-analysis']!.id].sort());
    for (const row of rows) {
      const hits = (row.snippet ?? []).filter((p) => p.hit).map((p) => p.text.toLowerCase());
      expect(hits.length, row.headline).toBeGreaterThan(0);
      for (const hit of hits) expect(hit).toMatch(/^truces?$/);
    }
  });

  it('joins the words of a query and says when nothing matches', async () => {
    const both = await cli('search', 'narrow', 'truce', '--json', '--db', P);
    expect(both.code).toBe(0);
    expect((JSON.parse(both.out) as DraftSummary[]).map((r) => r.id)).toContain(drafts['energy-truce-analysis']!.id);
    const none = await cli('search', 'xylophonequartet', '--db', P);
    expect(none).toEqual({ code: 0, out: 'Nothing found.', err: '' });
  });
});

describe('copydesk show', () => {
  it('--json prints the whole draft: body, tags, sources, and its images with credits', async () => {
    const draft = drafts['energy-truce-analysis']!;
    const fixture = loadFixture('energy-truce-analysis');
    const { code, out, err } = await cli('show', draft.id, '--json', '--db', P);
    expect(err).toBe('');
    expect(code).toBe(0);
    const shown = JSON.parse(out) as Draft & { images: ImageRecord[] };
    expect(shown).toMatchObject({ id: draft.id, headline: draft.headline, dek: draft.dek, version: draft.version });
    expect(shown.body).toEqual(draft.body);
    expect(shown.body.root.children.length).toBeGreaterThan(1);
    expect(shown.tags).toEqual(fixture.tags);
    expect(shown.sources.map((s) => s.title)).toEqual(fixture.sources.map((s) => s.title));
    expect(shown.sources.map((s) => s.url)).toEqual(fixture.sources.map((s) => s.url));
    expect(shown.images).toHaveLength(fixture.images.length);
    expect(shown.images.map((i) => i.credit).sort()).toEqual(fixture.images.map((i) => i.credit).sort());
    for (const image of shown.images) {
      const meta = fixture.images.find((i) => i.credit === image.credit)!;
      expect(image).toMatchObject({ alt: meta.alt, caption: meta.caption, license: meta.license, mime: 'image/png' });
      expect(image.id).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(shown.images[0]!.id).toBe(draft.topImage);
  });

  it('prints an empty image list for a draft without images', async () => {
    const { code, out } = await cli('show', drafts.minimal!.id, '--json', '--db', P);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ id: drafts.minimal!.id, images: [], sources: [], tags: [] });
  });

  it('refuses to print anything but JSON, and wants exactly one id', async () => {
    expectUsage(await cli('show', drafts.minimal!.id, '--db', P), /"show" prints JSON: add --json/);
    expectUsage(await cli('show', '--json', '--db', P), /"show" needs exactly one draft id/);
    expectUsage(await cli('show', drafts.minimal!.id, drafts['edge-cases']!.id, '--json', '--db', P), /exactly one draft id/);
  });

  it('says plainly when there is no such draft', async () => {
    expectFailure(await cli('show', '00000000-0000-4000-8000-000000000000', '--json', '--db', P), /That draft does not exist/);
    expectFailure(await cli('show', 'not-an-id', '--json', '--db', P), /(does not exist|not a draft id)/);
  });
});

describe('copydesk, used wrongly', () => {
  it('prints the usage for --help, and for no command at all', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: copydesk <command>/);
    expect(help.err).toBe('');
    expectUsage(await cli(), /No command given/);
  });

  it('rejects an unknown command, an unknown flag and an unknown status with the usage and exit 2', async () => {
    expectUsage(await cli('frobnicate', '--db', P), /Unknown command "frobnicate"/);
    expectUsage(await cli('list', '--frobnicate', '--db', P), /frobnicate/);
    expectUsage(await cli('list', '--status', 'done', '--db', P), /Unknown status "done"/);
    expectUsage(await cli('list', 'extra', '--db', P), /"list" takes no arguments/);
    expectUsage(await cli('search', '--db', P), /"search" needs a query/);
    expectUsage(await cli('list', '--db'), /--db/);
  });

  it('fails with exit 1 when there is no database, and does not create one', async () => {
    const missingFile = join(tmp.dir, 'elsewhere.db');
    expectFailure(await cli('list', '--db', missingFile), /There is no Copydesk database at .*elsewhere\.db/);
    const missingFolder = join(tmp.dir, 'no-such-folder', 'copydesk.db');
    expectFailure(await cli('search', 'truce', '--db', missingFolder), /There is no Copydesk database/);
    expectFailure(await cli('show', drafts.minimal!.id, '--json', '--db', missingFolder), /There is no Copydesk database/);

    expect(existsSync(missingFile)).toBe(false);
    expect(existsSync(dirname(missingFolder))).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('elsewhere'))).toEqual([]);
  });

  it('left the database it read as it was', async () => {
    const { out } = await cli('list', '--json', '--db', P);
    const rows = JSON.parse(out) as DraftSummary[];
    for (const row of rows) expect(row.version).toBe(Object.values(drafts).find((d) => d.id === row.id)!.version);
  });
});

describe('bin/copydesk.js, the installed command', () => {
  if (existsSync(BUILT_CLI)) {
    it('runs the built CLI (out/main/cli.js) in plain Node: list prints the headlines, exit 0', async () => {
      const { code, stdout, stderr } = await node([SHIM, 'list', '--db', P], ROOT);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      for (const name of Object.keys(drafts)) expect(stdout, name).toContain(headline(name));
      expect(stdout.trim().split('\n')).toHaveLength(4);

      // Exit codes come through the shim too.
      const wrong = await node([SHIM, 'frobnicate', '--db', P], ROOT);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/Unknown command "frobnicate"/);

      // The built CLI and what it loads never need Electron.
      const seen = new Set<string>();
      const visit = (file: string): void => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = readFileSync(file, 'utf8');
        for (const [, spec] of text.matchAll(/\brequire\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
          expect(spec, `${file} requires ${spec}`).not.toMatch(/^electron(\/|$)/);
          if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!));
        }
      };
      visit(BUILT_CLI);
      expect(seen.size).toBeGreaterThan(1);
    });

    it('imports through the built worker beside the built CLI, refusing a binary file renamed .md', async () => {
      const dir = join(tmp.dir, 'built-import');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'story.md'), '# Built\n\nParsed on out/main/importWorker.js.\n');
      copyFileSync(join(FIXTURE_IMAGES_DIR, 'map.png'), join(dir, 'photo.md'));
      // Without the tests' own build of the worker, the CLI must find the one electron-vite built beside it.
      const { COPYDESK_IMPORT_WORKER: _tests, ...env } = process.env;
      void _tests;
      const { code, stdout, stderr } = await node([SHIM, 'import', join(dir, 'story.md'), join(dir, 'photo.md'), '--db', join(dir, 'c.db')], ROOT, env);
      expect(code).toBe(1);
      expect(stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
      expect(stderr).toBe(`copydesk: ${join(dir, 'photo.md')}: This is not a Markdown file: its bytes are an image. Import the original Markdown or Word file.\n`);
    });
  } else {
    it('out/main/cli.js is not built, so the shim says so and exits 1', async () => {
      const failed = await node([SHIM, 'list', '--db', P], ROOT);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toMatch(/the command line is not built yet.*npm run build/);
    });
  }

  it('a copy of the shim with no build beside it says "not built yet" and exits 1', async () => {
    // The same shim, in a folder where ../out/main/cli.js does not exist, whatever the state of this checkout.
    const bin = join(tmp.dir, 'unbuilt', 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync(SHIM, join(bin, 'copydesk.js'));
    const failed = await node([join(bin, 'copydesk.js'), 'list', '--db', P], tmp.dir);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe('copydesk: the command line is not built yet. Run `npm run build` in the Copydesk folder first.\n');
  });
});
