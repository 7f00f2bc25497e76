/**
 * The shortcuts sheet's account of the transformers above: what to type and
 * what it makes, kept apart from the transformers (which need the editor's
 * nodes) so the tests can read it. tests/e2e/palette.spec.ts types every one of them into the
 * editor and expects the Markdown taken in; a transformer added above wants
 * its line here (markdownShortcuts.ts).
 */
export const MARKDOWN_EXAMPLES: ReadonlyArray<{ typed: readonly string[]; makes: string }> = [
  { typed: ['## '], makes: 'a heading (# to ###### and a space)' },
  { typed: ['> '], makes: 'a quote' },
  { typed: ['- ', '* ', '+ '], makes: 'a bulleted list' },
  { typed: ['1. '], makes: 'a numbered list' },
  { typed: ['--- '], makes: 'a horizontal rule' },
  { typed: ['**bold**', '__bold__'], makes: 'bold' },
  { typed: ['*italic*', '_italic_'], makes: 'italic' },
  { typed: ['***both***', '___both___'], makes: 'bold italic' },
  { typed: ['`code`'], makes: 'inline code' },
  { typed: ['~~struck~~'], makes: 'strikethrough' },
  { typed: ['==marked=='], makes: 'highlight' },
  { typed: ['[words](https://example.org)'], makes: 'a link' },
  { typed: ['[^2]'], makes: 'a citation of the second source' },
];
