import { HorizontalRuleNode } from '@lexical/extension';
import { AutoLinkNode, LinkNode } from '@lexical/link';
import { ListItemNode, ListNode } from '@lexical/list';
import { MarkNode } from '@lexical/mark';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import type { Klass, LexicalNode } from 'lexical';
import { CitationNode } from './citation/CitationNode';
import { FigureNode } from './figure/FigureNode';

/**
 * Every node class a Copydesk body may hold, none needing a DOM or React:
 * what a headless editor registers to read any body Copydesk writes (the
 * review notes' anchors are MarkNodes). The renderer registers the same list
 * with its view subclasses swapped in by type (`editorConfig.ts`).
 */
export const HEADLESS_NODES: ReadonlyArray<Klass<LexicalNode>> = [
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
