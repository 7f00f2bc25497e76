import fc from 'fast-check';
import type { Source } from '../../src/common/domain';
import type { LexicalDocument, SerializedNode } from '../../src/common/lexical/document';
import {
  formattedTextNode,
  headingNode,
  horizontalRuleNode,
  lineBreakNode,
  listFromItems,
  paragraphNode,
  quoteNode,
  titledLinkNode,
} from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { citationNode } from '../../src/common/nodes/citation/citationJson';
import type { ExportableDraft } from '../../src/common/export/exportable';

/**
 * fast-check arbitraries for whole drafts: every node Copydesk writes
 * (paragraphs, headings 1–6, quotes, nested lists, figures, rules, links,
 * citations, line breaks), every mark and mix of marks, and text built from
 * the pieces that break Markdown writers — delimiters, brackets, entities,
 * HTML, block markers at line starts, edge and odd whitespace, emoji, RTL
 * scripts, template braces — plus arbitrary Unicode.
 */

const HOSTILE_PIECES = [
  'a',
  'b',
  'Zoë',
  'word',
  '1',
  '42',
  ' ',
  '  ',
  '\t',
  '*',
  '**',
  '_',
  '__',
  '`',
  '``',
  '~',
  '~~',
  '|',
  '[',
  ']',
  '(',
  ')',
  '[x](y)',
  '![i](j)',
  '<',
  '>',
  '<script>alert(1)</script>',
  '<u>',
  '&',
  '&amp;',
  '&#x41;',
  '&copy;',
  '#',
  '# ',
  '## ',
  '!',
  '\\',
  '\\*',
  '-',
  '- ',
  '+ ',
  '* ',
  '=',
  '===',
  '---',
  '1. ',
  '2) ',
  '.',
  ',',
  ':',
  ';',
  '"',
  "'",
  '{{<',
  '{{%',
  '{%',
  '}}',
  '%',
  '$',
  'é',
  '€',
  '—',
  '“',
  '”',
  '…',
  '👩🏽‍💻',
  '🇺🇦',
  'Русский',
  'العربية',
  'עברית',
  '中文',
  '\u00a0',
  '\u200d',
  '\u3000',
  '\ufeff',
  '[^1]',
  '[^1]: ',
  'http://example.org/x_y',
  'www.example.org',
  'a@b.co',
  '\n',
];

const hostileText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
);

/** Any subset of bold, italic, strikethrough, underline, code. */
const format = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 31 }) },
);

const textNode = fc.tuple(hostileText, format).map(([text, f]) => formattedTextNode(text, f));

const URLS = [
  'https://example.org/a_b?(x)&y=1',
  'https://en.example.org/wiki/Foo_(bar)_baz',
  'https://example.org/a b',
  'https://example.org/(unbalanced',
  'https://example.org/back\\slash*star',
  'https://example.org/&amp;',
  'mailto:desk@example.org',
  '/relative/path',
  '#fragment',
  '',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'vbscript:x',
];

const SOURCE_IDS = ['s1', 's2', 's3'];
const IMAGE_IDS = ['a'.repeat(64), 'b'.repeat(64)];

const linkNode = fc
  .tuple(
    fc.constantFrom(...URLS),
    fc.option(hostileText, { nil: null, freq: 3 }),
    fc.array(textNode, { minLength: 1, maxLength: 3 }),
  )
  .map(([url, title, children]) => titledLinkNode(url, title, children));

const inlineNode: fc.Arbitrary<SerializedNode> = fc.oneof(
  { weight: 8, arbitrary: textNode },
  { weight: 1, arbitrary: fc.constant(lineBreakNode()) },
  { weight: 2, arbitrary: linkNode },
  { weight: 1, arbitrary: fc.constantFrom(...SOURCE_IDS, 'missing').map((id) => citationNode(id)) },
);

const inline = fc.array(inlineNode, { minLength: 0, maxLength: 6 });

const figure = fc
  .record({
    image: fc.constantFrom(...IMAGE_IDS),
    alt: fc.oneof(fc.constant(''), hostileText),
    caption: fc.oneof(fc.constant(''), hostileText),
    credit: fc.oneof(fc.constant(''), hostileText),
    license: fc.oneof(fc.constant(''), hostileText),
  })
  .map((fields) => figureNode(fields));

const { list } = fc.letrec<{ list: SerializedNode; item: SerializedNode[] }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: inline },
    { weight: 1, arbitrary: tie('list').map((l) => [l]) },
  ),
  list: fc
    .tuple(
      fc.boolean(),
      fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 12 })),
      fc.array(tie('item'), { minLength: 1, maxLength: 4 }),
    )
    .map(([ordered, start, items]) => listFromItems(ordered, start, items)),
}));

const block: fc.Arbitrary<SerializedNode> = fc.oneof(
  { weight: 6, arbitrary: inline.map(paragraphNode) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 6 }), inline)
      .map(([level, children]) => headingNode(level as 1, children)),
  },
  { weight: 2, arbitrary: inline.map(quoteNode) },
  { weight: 3, arbitrary: list },
  { weight: 2, arbitrary: figure },
  { weight: 1, arbitrary: fc.constant(horizontalRuleNode()) },
);

export const arbitraryDocument: fc.Arbitrary<LexicalDocument> = fc
  .array(block, { minLength: 0, maxLength: 5 })
  .map((children) => ({ root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } }));

const plainField = fc.oneof(
  fc.constant(''),
  hostileText.map((s) => s.replace(/\s+/g, ' ').trim()),
);
const date = fc.oneof(fc.constant(''), fc.constantFrom('2026-08-20', '1999-12-31'));

const source = (id: string): fc.Arbitrary<Source> =>
  fc.record({
    id: fc.constant(id),
    outlet: plainField,
    title: plainField,
    url: fc.constantFrom('', 'https://example.org/story_(1)?a=b&c=d', 'https://example.org/x'),
    author: plainField,
    published: date,
    accessed: date,
    notes: fc.oneof(fc.constant(''), hostileText),
  });

export const arbitraryDraft: fc.Arbitrary<ExportableDraft> = fc.record({
  headline: plainField,
  dek: plainField,
  slug: fc.constantFrom('', 'a-slug', 'energy-truce-2026'),
  section: plainField,
  byline: fc.array(
    plainField.filter((s) => s.length > 0),
    { maxLength: 3 },
  ),
  status: fc.constantFrom('draft', 'in_review', 'approved', 'published', 'archived'),
  tags: fc.uniqueArray(
    plainField.filter((s) => s.length > 0),
    { maxLength: 4, selector: (s) => s.toLowerCase() },
  ),
  sources: fc.subarray(SOURCE_IDS).chain((ids) => (ids.length ? fc.tuple(...ids.map(source)) : fc.constant([]))),
  topImage: fc.constantFrom(null, IMAGE_IDS[0]!),
  body: arbitraryDocument,
  createdAt: fc.constant('2026-11-27T09:00:00.000Z'),
  updatedAt: fc.constant('2026-11-28T10:30:00.000Z'),
  datePublished: fc.constantFrom('', '2019-03-05', '2019-03-05T10:00:00+01:00', '2019-03-05T09:00:00.5Z'),
  dateModified: fc.constantFrom('', '2020-01-02', '2020-01-02T23:59:59-05:00'),
});

export { IMAGE_IDS };
