import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import MarkdownIt from 'markdown-it';
import markdownItFootnote from 'markdown-it-footnote';
import { afterEach, describe, expect, test } from 'vitest';
import type { Draft } from '../../src/common/domain';
import { canonicalDocument } from '../../src/common/export/canonical';
import { toHtml } from '../../src/common/export/html';
import { toMarkdown } from '../../src/common/export/markdown';
import { FIGURE_STYLES } from '../../src/common/exchange';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { citationNode } from '../../src/common/nodes/citation/citationJson';
import { createFixtureDraft, fixtureNames } from '../support/fixtures';
import { grant, openTestStore, tempDir, validated, type TestStore } from '../support/store';
import { closeAndRemove, sha256File } from './_support';

/**
 * Every shared fixture, loaded through the store, goes out through the
 * folder export and comes back through the file import into a second,
 * empty library: the same document and the same fields.
 */

const stores: TestStore[] = [];
const dirs: Array<{ cleanup(): void }> = [];
afterEach(async () => {
  while (stores.length) await closeAndRemove(stores.pop());
  while (dirs.length) dirs.pop()!.cleanup();
});

async function store(): Promise<TestStore> {
  const s = await openTestStore();
  stores.push(s);
  return s;
}

function folder(): string {
  const d = tempDir('copydesk-export-');
  dirs.push(d);
  return d.dir;
}

const FIELDS = [
  'headline',
  'dek',
  'slug',
  'section',
  'byline',
  'status',
  'tags',
  'sources',
  'topImage',
  'datePublished',
  'dateModified',
] as const;

function fieldsOf(draft: Draft) {
  return Object.fromEntries(FIELDS.map((k) => [k, draft[k]]));
}

describe('fixtures: export → import round trip through the store', () => {
  for (const name of fixtureNames()) {
    for (const figureStyle of FIGURE_STYLES) {
      test(`${name} (${figureStyle} figures) re-imports to the same document and fields`, async () => {
        const source = await store();
        const original = await createFixtureDraft(validated(source), name);
        const dir = folder();
        const exported = await source.call('export.toFolder', {
          ids: [original.id],
          folder: grant(source, 'folder', dir),
          format: 'md',
          figureStyle,
        });
        expect(exported.failed).toEqual([]);
        const [file] = exported.written;
        expect(basename(file!.path)).toMatch(/^[a-z0-9-]+\.md$/);

        const target = await store();
        const imported = await target.call('import.files', { files: [grant(target, 'open-files', file!.path)] });
        expect(imported.failed).toEqual([]);
        const copy = await target.call('drafts.get', { id: imported.imported[0]!.id });

        expect(fieldsOf(copy)).toEqual(fieldsOf(original));
        expect(copy.body).toEqual(canonicalDocument(original.body, new Set(original.sources.map((s) => s.id))));
        // The images are the same files (content-addressed) with the same words.
        for (const id of [
          original.topImage,
          ...copy.body.root.children.filter((n) => n.type === 'figure').map((n) => String(n.image)),
        ]) {
          if (!id) continue;
          const [a, b] = [await source.call('images.get', { id }), await target.call('images.get', { id })];
          expect({ ...b, createdAt: '' }).toEqual({ ...a, createdAt: '' });
        }
      });
    }
  }

  test('the canonical form changes nothing in the fixtures but the empty trailing paragraph of edge-cases', async () => {
    const s = await store();
    for (const name of fixtureNames()) {
      const draft = await createFixtureDraft(validated(s), name);
      const canonical = canonicalDocument(draft.body, new Set(draft.sources.map((x) => x.id)));
      const expected = name === 'edge-cases' ? draft.body.root.children.slice(0, -1) : draft.body.root.children;
      expect(canonical.root.children, name).toEqual(expected);
    }
  });
});

describe('folder export', () => {
  test('files are named by slug, never overwrite (-2, -3…), and images are copied beside them with relative links', async () => {
    const s = await store();
    const draft = await createFixtureDraft(validated(s), 'energy-truce-analysis');
    const dir = folder();
    writeFileSync(join(dir, 'why-a-narrow-truce-can-be-the-hardest-kind-to-sign.md'), 'someone else’s file');
    const first = await s.call('export.toFolder', { ids: [draft.id], folder: grant(s, 'folder', dir), format: 'md' });
    const second = await s.call('export.toFolder', { ids: [draft.id], folder: grant(s, 'folder', dir), format: 'md' });
    expect(basename(first.written[0]!.path)).toBe('why-a-narrow-truce-can-be-the-hardest-kind-to-sign-2.md');
    expect(basename(second.written[0]!.path)).toBe('why-a-narrow-truce-can-be-the-hardest-kind-to-sign-3.md');
    expect(readFileSync(join(dir, 'why-a-narrow-truce-can-be-the-hardest-kind-to-sign.md'), 'utf8')).toBe(
      'someone else’s file',
    );
    const markdown = readFileSync(first.written[0]!.path, 'utf8');
    for (const asset of first.written[0]!.assets) {
      expect(asset).toMatch(/^assets\/[0-9a-f]{64}\.png$/);
      expect(markdown).toContain(`](${asset})`);
      const file = join(dirname(first.written[0]!.path), asset);
      expect(sha256File(file)).toBe(basename(asset, '.png'));
    }
    expect(first.written[0]!.assets).toHaveLength(2);
  });

  test('a filter exports every matching live draft; html format writes standalone pages', async () => {
    const s = await store();
    const drafts = [];
    for (const name of fixtureNames()) drafts.push(await createFixtureDraft(validated(s), name));
    const dir = folder();
    const result = await s.call('export.toFolder', {
      filter: { status: 'in_review' },
      folder: grant(s, 'folder', dir),
      format: 'html',
    });
    expect(result.written.map((w) => w.id)).toEqual(drafts.filter((d) => d.status === 'in_review').map((d) => d.id));
    const html = readFileSync(result.written[0]!.path, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1>Diplomacy Watch: Energy-grid truce talks stall after cross-border offensive</h1>');
    expect(html).toContain('<small class="credit">JEAN DUPRÉ/Pool via REUTERS</small>');
    const all = await s.call('export.toFolder', { folder: grant(s, 'folder', folder()), format: 'md' });
    expect(all.written).toHaveLength(drafts.length);
  });

  test('export.markdown and export.html return the open piece as text', async () => {
    const s = await store();
    const draft = await createFixtureDraft(validated(s), 'diplomacy-watch');
    const md = await s.call('export.markdown', { id: draft.id });
    expect(md.fileName).toBe('diplomacy-watch-energy-grid-truce-talks-stall-after-cross-border-offensive.md');
    expect(md.text).toMatch(/^---\ntitle: "Diplomacy Watch/);
    expect(md.assets).toEqual([{ imageId: draft.topImage, href: `assets/${draft.topImage}.png` }]);
    const html = await s.call('export.html', { id: draft.id });
    expect(html.text).toMatch(/^<figure data-license="Editorial use only">/);
    expect(html.fileName.endsWith('.html')).toBe(true);
  });
});

describe('hostile text never becomes markup', () => {
  test('the edge-cases <script> is text in our HTML and in the Markdown as markdown-it renders it', async () => {
    const s = await store();
    const draft = await createFixtureDraft(validated(s), 'edge-cases');
    const html = toHtml(draft);
    const rendered = new MarkdownIt('commonmark', { html: true })
      .enable('strikethrough')
      .use(markdownItFootnote)
      .render(toMarkdown(draft, { frontMatter: false }));
    for (const out of [html, rendered]) {
      expect(out).not.toMatch(/<script/i);
      expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(out).toContain('[brackets](not a link)');
      expect(out).toContain('&amp;amp; entities');
    }
  });

  test('HTML export drops unsafe links, keeps their text, and has no styles or event attributes', () => {
    const draft = {
      headline: 'x',
      dek: '',
      slug: '',
      section: '',
      byline: [],
      status: 'draft' as const,
      tags: [],
      topImage: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      datePublished: '',
      dateModified: '',
      sources: [
        {
          id: 's1',
          outlet: 'O',
          title: 'T <b>',
          url: 'https://e.org/?a=1&b=2',
          author: '',
          published: '',
          accessed: '',
          notes: '',
        },
      ],
      body: {
        root: {
          type: 'root' as const,
          version: 1,
          children: [
            paragraphNode([
              { type: 'link', version: 1, url: 'javascript:alert(1)', children: [textNode('click')] },
              { ...textNode('" onmouseover="x'), style: 'color: red' },
              citationNode('s1'),
            ]),
          ],
        },
      },
    };
    const html = toHtml(draft);
    expect(html).not.toMatch(/javascript:/);
    expect(html).not.toMatch(/<[^>]*\s(style|on\w+)=/);
    expect(html).toContain('click&quot; onmouseover=&quot;x');
    expect(html).toContain('<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup>');
    expect(html).toContain('<li id="fn-1"><p>O, “<cite>T &lt;b&gt;</cite>”, <a href="https://e.org/?a=1&amp;b=2">');
    expect(html).toContain('<a href="#fnref-1" class="footnote-backref"');
  });
});
