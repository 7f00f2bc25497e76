import { AutoLinkNode, LinkNode } from '@lexical/link';
import { ListItemNode, ListNode } from '@lexical/list';
import { MarkNode } from '@lexical/mark';
import { HorizontalRuleNode } from '@lexical/react/LexicalHorizontalRuleNode';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import type { EditorThemeClasses, Klass, LexicalNode } from 'lexical';
import { CitationNode } from './nodes/CitationNode';
import { FigureNode } from './nodes/FigureNode';

/** Every node a Copydesk document may hold; a saved body with any other type will not load. */
export const EDITOR_NODES: ReadonlyArray<Klass<LexicalNode>> = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  LinkNode,
  AutoLinkNode,
  HorizontalRuleNode,
  MarkNode,
  FigureNode,
  CitationNode,
];

export const EDITOR_THEME: EditorThemeClasses = {
  paragraph: 'cd-p',
  quote: 'cd-quote',
  heading: { h1: 'cd-h1', h2: 'cd-h2', h3: 'cd-h3', h4: 'cd-h4', h5: 'cd-h5', h6: 'cd-h6' },
  list: { ul: 'cd-ul', ol: 'cd-ol', listitem: 'cd-li', nested: { listitem: 'cd-li-nested' } },
  link: 'cd-link',
  mark: 'cd-note-mark',
  markOverlap: 'cd-note-mark is-overlap',
  text: {
    bold: 'cd-bold',
    italic: 'cd-italic',
    underline: 'cd-underline',
    strikethrough: 'cd-strike',
    underlineStrikethrough: 'cd-underline-strike',
    code: 'cd-code',
  },
};
