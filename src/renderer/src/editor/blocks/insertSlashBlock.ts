import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createHorizontalRuleNode } from '@lexical/react/LexicalHorizontalRuleNode';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import type { ParagraphNode } from 'lexical';
import type { SlashBlock } from './slashBlocks';

/** The blocks that replace the `/…` line at once; a figure and a citation first ask which image or source. */
export type DirectBlock = Exclude<SlashBlock['id'], 'figure' | 'citation'>;

/**
 * Replaces the paragraph holding "/…" with the chosen block, the caret in
 * it; a divider goes above the now empty line, where the writer goes on (as
 * in Ghost's editor).
 */
export function $insertSlashBlock(paragraph: ParagraphNode, kind: DirectBlock): void {
  if (kind === 'divider') {
    paragraph.clear();
    paragraph.insertBefore($createHorizontalRuleNode());
    paragraph.select();
    return;
  }
  if (kind === 'bullet' || kind === 'number') {
    const item = $createListItemNode();
    paragraph.replace($createListNode(kind).append(item));
    item.select();
    return;
  }
  const block = kind === 'quote' ? $createQuoteNode() : $createHeadingNode(kind);
  paragraph.replace(block);
  block.select();
}
