import { execFile, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft, DraftSummary, ImageRecord } from '../../src/common/domain';
import { runCli } from '../../src/main/cli/index';
import { SNIPPET_CLOSE, SNIPPET_OPEN } from '../../src/main/db/ftsQuery';
import { Database } from '../../src/main/db/sqlite';
import { buildCli, type BuiltCli } from '../support/builtCli';
import { createFixtureDraft, FIXTURE_IMAGES_DIR, fixtureNames, loadFixture } from '../support/fixtures';
import { openTestStore, tempDir } from '../support/store';
import { sha256File } from './_support';

/**
 * `copydesk`, the command line: in-process through runCli with captured
 * output, then once for real through bin/copydesk.js in a child process.
 */

const ROOT = resolve(__dirname, '..', '..');
const SHIM = join(ROOT, 'bin', 'copydesk.js');
const BUILT_CLI = join(ROOT, 'out', 'main', 'cli.js');

/** Runs `node ...args` and collects its exit code and output, whatever the code. */
function node(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
    expect(rows.map((r) => r.id).sort()).toEqual(
      Object.values(drafts)
        .map((d) => d.id)
        .sort(),
    );
    for (const row of rows) {
      const draft = Object.values(drafts).find((d) => d.id === row.id)!;
      expect(row).toMatchObject({
        headline: draft.headline,
        status: draft.status,
        tags: draft.tags,
        wordCount: draft.wordCount,
      });
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
    expect(rows.map((r) => r.id).sort()).toEqual(
      [drafts['diplomacy-watch']!.id, drafts['energy-truce-analysis']!.id].sort(),
    );
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
    expectUsage(
      await cli('show', drafts.minimal!.id, drafts['edge-cases']!.id, '--json', '--db', P),
      /exactly one draft id/,
    );
  });

  it('says plainly when there is no such draft', async () => {
    expectFailure(
      await cli('show', '00000000-0000-4000-8000-000000000000', '--json', '--db', P),
      /That draft does not exist/,
    );
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
    expectFailure(
      await cli('show', drafts.minimal!.id, '--json', '--db', missingFolder),
      /There is no Copydesk database/,
    );

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
      const { code, stdout, stderr } = await node(
        [SHIM, 'import', join(dir, 'story.md'), join(dir, 'photo.md'), '--db', join(dir, 'c.db')],
        ROOT,
        env,
      );
      expect(code).toBe(1);
      expect(stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
      expect(stderr).toBe(
        `copydesk: ${join(dir, 'photo.md')}: This is not a Markdown file: its bytes are an image. Import the original Markdown or Word file.\n`,
      );
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
    expect(failed.stderr).toBe(
      'copydesk: the command line is not built yet. Run `npm run build` in the Copydesk folder first.\n',
    );
  });
});

describe('copydesk, given arguments and files built to break it', () => {
  it('refuses a 10,000-character --tag or target name with the usage, exit 2, and writes nothing', async () => {
    const before = sha256File(P);
    const tag = await cli('list', '--tag', 'x'.repeat(10_000), '--db', P);
    expectUsage(tag, /--tag is too long: 10,000 characters, at most 100\./);
    expect(tag.err).not.toMatch(/"code"|too_big|\[\s*\{/);
    expectUsage(
      await cli('export', '--out', join(tmp.dir, 'never'), '--tag', 'x'.repeat(10_000), '--db', P),
      /--tag is too long/,
    );
    expect(existsSync(join(tmp.dir, 'never'))).toBe(false);

    const fresh = join(tmp.dir, 'targets-only', 'copydesk.db');
    const name = await cli(
      'targets',
      'add',
      'n'.repeat(10_000),
      '--kind',
      'webhook',
      '--url',
      'https://cms.example.com/hook',
      '--db',
      fresh,
    );
    expectUsage(name, /NAME is too long: 10,000 characters, at most 100\./);
    expectUsage(await cli('search', 'q'.repeat(600), '--db', P), /QUERY is too long: 600 characters, at most 500\./);
    expect(existsSync(dirname(fresh))).toBe(false);
    expect(sha256File(P)).toBe(before);
  });

  it('says a --db that is a folder is a folder, exit 1, and creates nothing in it', async () => {
    const folder = join(tmp.dir, 'a-folder');
    mkdirSync(folder);
    for (const argv of [['list'], ['import', join(tmp.dir, 'a-folder', 'x.md')]]) {
      const result = await cli(...argv, '--db', folder);
      expectFailure(result, /a-folder is a folder, not a database file; nothing was changed/);
      expect(result.err).not.toMatch(/EISDIR/);
    }
    expect(readdirSync(folder)).toEqual([]);
  });

  it('strips terminal control characters from headlines and file names it prints, and escapes them in JSON', async () => {
    const dir = join(tmp.dir, 'hostile');
    mkdirSync(dir);
    const db = join(dir, 'copydesk.db');
    /* eslint-disable no-control-regex -- control characters are what this test is about */
    const evil = 'Market \u001b[2J\u001b]0;pwned\u0007update\u0000\u009b31m';
    const file = join(dir, 'piece.md');
    writeFileSync(
      file,
      `---\ntitle: "${evil.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"\n---\n\nBody.\n`,
    );
    const imported = await cli('import', file, '--db', db);
    expect(imported.code, imported.err).toBe(0);

    const listed = await cli('list', '--db', db);
    expect(listed.code).toBe(0);
    expect(listed.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(listed.out).toMatch(/Market \[2J\]0;pwnedupdate31m$/);

    const json = await cli('list', '--json', '--db', db);
    expect(json.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const [row] = JSON.parse(json.out) as DraftSummary[];
    // Whatever the importer kept of the headline comes back exactly through the JSON.
    const stored = await cli('show', row!.id, '--json', '--db', db);
    expect((JSON.parse(stored.out) as Draft).headline).toBe(row!.headline);

    // A file name with escapes in an error message.
    const missing = await cli('import', join(dir, 'gone\u001b[31m.md'), '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('gone[31m.md');
    expect(missing.err).not.toMatch(/\u001b/);
    /* eslint-enable no-control-regex */
  });
});

describe('copydesk on a disk or folder that refuses the write', () => {
  let built: BuiltCli;
  beforeAll(async () => {
    built = await buildCli();
  }, 120_000);
  afterAll(() => built?.cleanup());

  // Root writes through any permission, so the command runs as "nobody" (uid 65534), as a user would.
  const NOBODY = { uid: 65534, gid: 65534 };

  it('in a read-only folder: exit 1, says it is read-only, creates nothing and changes nothing', async () => {
    const folder = join(tmp.dir, 'read-only');
    mkdirSync(folder);
    copyFileSync(P, join(folder, 'copydesk.db'));
    const piece = join(tmp.dir, 'ro-piece.md');
    writeFileSync(piece, '# A piece\n\nWords.\n');
    chmodSync(tmp.dir, 0o755);
    chmodSync(folder, 0o555);
    const before = sha256File(join(folder, 'copydesk.db'));
    try {
      const fresh = await built.run(['import', piece, '--db', join(folder, 'new', 'copydesk.db')], NOBODY);
      expect(fresh.code, fresh.stderr).toBe(1);
      expect(fresh.stderr).toMatch(/^copydesk: .*(read-only|may not write)/);
      expect(fresh.stderr).not.toMatch(/SQLITE_|EACCES|\n\s+at /);

      const existing = await built.run(['import', piece, '--db', join(folder, 'copydesk.db')], NOBODY);
      expect(existing.code, existing.stderr).toBe(1);
      expect(existing.stderr).toMatch(
        /^copydesk: Copydesk may not write to .*copydesk\.db or its folder: it is read-only, so nothing was changed\./,
      );
      expect(existing.stdout).toBe('');
    } finally {
      chmodSync(folder, 0o755);
    }
    expect(readdirSync(folder)).toEqual(['copydesk.db']);
    expect(sha256File(join(folder, 'copydesk.db'))).toBe(before);
  }, 240_000);

  it('with a read-only database file in a folder it may write to: exit 1, says it is read-only, changes nothing', async () => {
    const folder = join(tmp.dir, 'read-only-file');
    mkdirSync(folder);
    const db = join(folder, 'copydesk.db');
    copyFileSync(P, db);
    const piece = join(tmp.dir, 'ro-file-piece.md');
    writeFileSync(piece, '# Another piece\n\nWords.\n');
    chmodSync(tmp.dir, 0o755);
    chmodSync(folder, 0o777);
    chmodSync(db, 0o444);
    const before = sha256File(db);
    const result = await built.run(['import', piece, '--db', db], NOBODY);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/read-only, so nothing was changed/);
    expect(result.stderr).not.toMatch(/SQLITE_|EACCES|\n\s+at /);
    expect(sha256File(db)).toBe(before);
  }, 240_000);

  const mountPoint = join(tmp.dir, 'small-disk');
  const mount = (): boolean => spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]).status === 0;
  // Probed while the tests are collected, and unmounted at once: the test mounts its own.
  const canMount = (() => {
    mkdirSync(mountPoint, { recursive: true });
    return mount() && spawnSync('umount', [mountPoint]).status === 0;
  })();
  if (!canMount)
    console.info(
      'cli.test: cannot mount a small tmpfs here (not root, or no CAP_SYS_ADMIN), so the real full-disk test is skipped; validation.test.ts covers SQLITE_FULL with max_page_count.',
    );

  it.skipIf(!canMount)(
    'on a full disk (a real 4 MB tmpfs): exit 1, says the disk refused the write, the database is unchanged',
    async () => {
      const db = join(mountPoint, 'copydesk.db');
      expect(mount()).toBe(true);
      try {
        const small = join(tmp.dir, 'small.md');
        writeFileSync(small, '# Fits\n\nA short piece.\n');
        expect((await built.run(['import', small, '--db', db])).code).toBe(0);
        // Fill the disk but for 64 KB, then import a piece of about 1 MB.
        const free = statfsSync(mountPoint).bavail * statfsSync(mountPoint).bsize;
        writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, free - 64 * 1024)));
        const big = join(tmp.dir, 'big.md');
        writeFileSync(
          big,
          `# Too big\n\n${Array.from({ length: 1500 }, (_, i) => `Paragraph ${i}: ${'words that will not fit '.repeat(25)}`).join('\n\n')}\n`,
        );
        const full = await built.run(['import', big, '--db', db]);
        expect(full.code, full.stderr).toBe(1);
        expect(full.stderr).toMatch(/The disk refused the write because it is full; nothing was changed\./);
        expect(full.stderr).not.toMatch(/SQLITE_|ENOSPC|\n\s+at /);
        expect(full.stdout).toBe('');

        rmSync(join(mountPoint, 'filler'));
        const check = await Database.open(db, { readonly: true });
        try {
          expect(await check.all('SELECT headline FROM drafts')).toEqual([{ headline: 'Fits' }]);
          expect(await check.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        } finally {
          await check.close();
        }
      } finally {
        spawnSync('umount', [mountPoint]);
      }
    },
    240_000,
  );
});
