import {
  ELEMENT_TRANSFORMERS,
  TEXT_FORMAT_TRANSFORMERS,
  TEXT_MATCH_TRANSFORMERS,
  type Transformer,
} from '@lexical/markdown';
import { DEFAULT_TRANSFORMERS } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { HorizontalRuleNode } from '@lexical/react/LexicalHorizontalRuleNode';
import { CITATION_SHORTCUT } from './citationShortcut';

/**
 * Markdown typed as you write: `## `, `> `, `- `, `1. `, `**bold**`, `*italic*`,
 * `` `code` ``, `~~strike~~`, `[text](url)`, `---`, and `[^2]` to cite the second source. Code blocks are left out:
 * a news piece has none, and the node would be one more thing to export.
 */
const HORIZONTAL_RULE = DEFAULT_TRANSFORMERS.filter(
  (t) =>
    t.type === 'element' && t.dependencies.some((d) => d === HorizontalRuleNode || d.getType() === 'horizontalrule'),
);

export const MARKDOWN_SHORTCUTS: Transformer[] = [
  ...HORIZONTAL_RULE,
  ...ELEMENT_TRANSFORMERS,
  ...TEXT_FORMAT_TRANSFORMERS,
  CITATION_SHORTCUT,
  ...TEXT_MATCH_TRANSFORMERS,
];
