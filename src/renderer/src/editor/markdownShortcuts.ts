import { ELEMENT_TRANSFORMERS, TEXT_FORMAT_TRANSFORMERS, TEXT_MATCH_TRANSFORMERS, type Transformer } from '@lexical/markdown';
import { DEFAULT_TRANSFORMERS } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { HorizontalRuleNode } from '@lexical/react/LexicalHorizontalRuleNode';
import { CITATION_SHORTCUT } from './citationShortcut';

/**
 * Markdown typed as you write: `## `, `> `, `- `, `1. `, `**bold**`, `*italic*`,
 * `` `code` ``, `~~strike~~`, `[text](url)`, `---`, and `[^2]` to cite the second source. Code blocks are left out:
 * a news piece has none, and the node would be one more thing to export.
 */
const HORIZONTAL_RULE = DEFAULT_TRANSFORMERS.filter(
  (t) => t.type === 'element' && t.dependencies.some((d) => d === HorizontalRuleNode || d.getType() === 'horizontalrule'),
);

export const MARKDOWN_SHORTCUTS: Transformer[] = [...HORIZONTAL_RULE, ...ELEMENT_TRANSFORMERS, ...TEXT_FORMAT_TRANSFORMERS, CITATION_SHORTCUT, ...TEXT_MATCH_TRANSFORMERS];

/**
 * The shortcuts sheet's account of the transformers above: what to type and
 * what it makes. tests/unit/palette.test.ts holds each transformer to an
 * example here and each example to a transformer, so the two cannot drift.
 */
export const MARKDOWN_EXAMPLES: ReadonlyArray<{ typed: readonly string[]; makes: string }> = [
  { typed: ['## '], makes: 'a heading (# to ###### and a space)' },
  { typed: ['> '], makes: 'a quote' },
  { typed: ['- ', '* ', '+ '], makes: 'a bulleted list' },
  { typed: ['1. '], makes: 'a numbered list' },
  { typed: ['---'], makes: 'a horizontal rule' },
  { typed: ['**bold**', '__bold__'], makes: 'bold' },
  { typed: ['*italic*', '_italic_'], makes: 'italic' },
  { typed: ['***both***', '___both___'], makes: 'bold italic' },
  { typed: ['`code`'], makes: 'inline code' },
  { typed: ['~~struck~~'], makes: 'strikethrough' },
  { typed: ['==marked=='], makes: 'highlight' },
  { typed: ['[words](https://example.org)'], makes: 'a link' },
  { typed: ['[^2]'], makes: 'a citation of the second source' },
];
