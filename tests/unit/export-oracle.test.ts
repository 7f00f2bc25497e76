import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import markdownItFootnote from 'markdown-it-footnote';
import { describe, expect, test } from 'vitest';
import { canonicalDocument } from '../../src/common/export/canonical';
import type { ExportableDraft } from '../../src/common/export/exportable';
import { toHtml } from '../../src/common/export/html';
import { toMarkdown } from '../../src/common/export/markdown';
import { importMarkdown } from '../../src/common/import/markdown';
import { resolveFigureImages } from '../../src/common/nodes/figure/resolveFigureImages';
import { arbitraryDraft, IMAGE_IDS } from '../support/arbitraryDraft';
import { htmlShape } from '../support/htmlShape';

/**
 * An independent oracle for the Markdown exporter. markdown-it (a different
 * CommonMark implementation from the micromark parser our importer uses,
 * with GFM strikethrough and footnotes) renders our Markdown to HTML, which
 * must have the same structure as our own HTML export of the same draft.
 * And our importer must read our Markdown back to exactly the canonical
 * document, so that export → import → export writes the same file.
 */

const markdownIt = new MarkdownIt('commonmark', { html: true }).enable('strikethrough').use(markdownItFootnote);
const normalizeHref = (href: string) => markdownIt.normalizeLink(href);

const RUNS = Number(process.env.ORACLE_RUNS ?? 1000);

function images(): Record<string, { href: string }> {
  return Object.fromEntries(IMAGE_IDS.map((id) => [id, { href: `assets/${id.slice(0, 8)} photo.png` }]));
}

function hrefToId(href: string): string | null {
  return IMAGE_IDS.find((id) => href === `assets/${id.slice(0, 8)} photo.png`) ?? null;
}

function reimport(draft: ExportableDraft, markdown: string): ExportableDraft {
  const { warnings: _warnings, topImage, body, ...fields } = importMarkdown(markdown);
  return {
    ...draft,
    ...fields,
    topImage: topImage ? hrefToId(topImage.src) : null,
    body: resolveFigureImages(body, hrefToId),
  };
}

function expectSameShape(draft: ExportableDraft): void {
  const options = { images: images() };
  const markdown = toMarkdown(draft, { ...options, frontMatter: false });
  const rendered = markdownIt.render(markdown);
  const ours = toHtml(draft, options);
  expect(
    htmlShape(rendered, normalizeHref),
    `Markdown:\n${markdown}\nmarkdown-it:\n${rendered}\nours:\n${ours}`,
  ).toEqual(htmlShape(ours, normalizeHref));
}

function expectRoundTrip(draft: ExportableDraft): void {
  const options = { images: images() };
  const markdown = toMarkdown(draft, options);
  const back = reimport(draft, markdown);
  const canonical = canonicalDocument(draft.body, new Set(draft.sources.map((s) => s.id)));
  expect(back.body, markdown).toEqual(canonical);
  expect({ ...back, body: null }, markdown).toEqual({ ...draft, body: null });
  expect(toMarkdown(back, options)).toBe(markdown);
}

describe('Markdown export against an independent CommonMark renderer', () => {
  // One pass per document keeps the suite quick: the micromark parse behind the import is the slow part.
  test(`${RUNS} generated drafts: markdown-it renders our Markdown as our HTML export; it re-imports to the canonical document; export → import → export is stable`, () => {
    fc.assert(
      fc.property(arbitraryDraft, (draft) => {
        expectSameShape(draft);
        expectRoundTrip(draft);
      }),
      { numRuns: RUNS, seed: Number(process.env.ORACLE_SEED ?? 20261127) },
    );
    // ~15 s of CPU on this machine's 2 cores; the generous limit only keeps a loaded machine from a false failure.
  }, 180_000);
});
