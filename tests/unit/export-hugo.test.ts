import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Draft } from '../../src/common/domain';
import { createFixtureDraft, fixtureNames, loadFixture } from '../support/fixtures';
import { HUGO, need } from '../support/outside';
import { grant, openTestStore, tempDir, validated, type TestStore } from '../support/store';
import { closeAndRemove } from './_support';

/**
 * The static-site proof: Debian's Hugo builds a site from a bulk export of
 * the fixtures, as they come out of the folder export (front matter,
 * default figures, footnotes; and a second section with Hugo's own figure
 * shortcode), and the built pages carry the title, tags, date, caption and
 * credit. Hugo is a machine dependency that .ci/run installs; without it
 * this test skips, saying so (tests/support/outside.ts).
 */

const hugo = await need(HUGO, __filename);

let store: TestStore;
let site: { dir: string; cleanup(): void };
const drafts = new Map<string, Draft>();

beforeAll(async () => {
  store = await openTestStore();
  for (const name of fixtureNames()) drafts.set(name, await createFixtureDraft(validated(store), name));
  site = tempDir('copydesk-hugo-');
});

afterAll(async () => {
  await closeAndRemove(store);
  site?.cleanup();
});

function textOf(html: string): string {
  type Node = { type: string; data?: string; children?: Node[]; name?: string };
  const walk = (n: Node): string =>
    n.type === 'text' ? (n.data ?? '') : n.name === 'script' ? '' : (n.children ?? []).map(walk).join(' ');
  return squash(walk(parseDocument(html, { decodeEntities: true })));
}

/** Hugo's Goldmark typographer curls quotes; compare the words, not the quote marks. */
const squash = (s: string) => s.replace(/\s+/g, ' ').replace(/[‘’]/g, "'").replace(/[“”]/g, '"');

describe.skipIf(!hugo)('Hugo builds a site from a bulk export', () => {
  test('every fixture page carries its title, tags, date, captions and credits', async () => {
    const dir = site.dir;
    writeFileSync(
      join(dir, 'hugo.toml'),
      [
        'baseURL = "http://localhost/"',
        'languageCode = "en"',
        'title = "Copydesk export"',
        'disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]',
        '[taxonomies]',
        '  tag = "tags"',
        '',
      ].join('\n'),
    );
    mkdirSync(join(dir, 'layouts', '_default'), { recursive: true });
    writeFileSync(
      join(dir, 'layouts', '_default', 'single.html'),
      '<!doctype html><html><head><title>{{ .Title }}</title></head><body><article><h1 class="title">{{ .Title }}</h1>' +
        '<time>{{ .Date.Format "2006-01-02" }}</time><ul class="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>' +
        '{{ with .Params.dek }}<p class="dek">{{ . }}</p>{{ end }}{{ .Content }}</article></body></html>\n',
    );
    writeFileSync(
      join(dir, 'layouts', '_default', 'list.html'),
      '<!doctype html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n',
    );
    writeFileSync(
      join(dir, 'layouts', 'index.html'),
      '<!doctype html><html><body>{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n',
    );

    const ids = [...drafts.values()].map((d) => d.id);
    const plain = await store.call('export.toFolder', {
      ids,
      folder: grant(store, 'folder', join(dir, 'content', 'posts')),
      format: 'md',
    });
    const shortcodes = await store.call('export.toFolder', {
      ids,
      folder: grant(store, 'folder', join(dir, 'content', 'figures')),
      format: 'md',
      figureStyle: 'hugo',
    });
    expect([...plain.failed, ...shortcodes.failed]).toEqual([]);

    const build = spawnSync(
      hugo!,
      [
        '--quiet',
        '--buildDrafts',
        '--buildFuture',
        '--source',
        dir,
        '--destination',
        join(dir, 'public'),
        '--cacheDir',
        join(dir, '.cache'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, HUGO_ENVIRONMENT: 'production' },
      },
    );
    expect(build.status, `hugo failed:\n${build.stdout}\n${build.stderr}`).toBe(0);

    for (const [section, result] of [
      ['posts', plain],
      ['figures', shortcodes],
    ] as const) {
      for (const written of result.written) {
        const draft = [...drafts.values()].find((d) => d.id === written.id)!;
        const name = [...drafts.entries()].find(([, d]) => d.id === written.id)![0];
        const slug = written.path.split('/').pop()!.replace(/\.md$/, '');
        const html = readFileSync(join(dir, 'public', section, slug, 'index.html'), 'utf8');
        const text = textOf(html);
        expect(text, `${section}/${slug}`).toContain(squash(draft.headline));
        expect(html).toContain(`<time>${draft.createdAt.slice(0, 10)}</time>`);
        for (const tag of draft.tags) expect(text, `${section}/${slug} tag ${tag}`).toContain(squash(tag));
        const fixture = loadFixture(name);
        for (const image of fixture.images) {
          expect(text, `${section}/${slug} caption`).toContain(squash(image.caption));
          expect(text, `${section}/${slug} credit`).toContain(squash(image.credit));
        }
        if (name === 'edge-cases') {
          expect(html).not.toMatch(/<script>alert/);
          expect(text).toContain('<script>alert(1)</script>');
        }
      }
    }
  });
});
