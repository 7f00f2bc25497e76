import type * as Md from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';

/** Markdown as micromark reads it (CommonMark, GFM strikethrough and footnotes), for the importer and the per-node readers. */

export function parseMarkdownTree(markdown: string): Md.Root {
  return fromMarkdown(markdown, {
    extensions: [gfmStrikethrough(), gfmFootnote()],
    mdastExtensions: [gfmStrikethroughFromMarkdown(), gfmFootnoteFromMarkdown()],
  });
}

/** The text of an mdast node as a reader sees it. */
export function plainTextOf(node: Md.Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (node.type === 'break') return '\n';
  if ('children' in node)
    return (node.children as Md.Nodes[]).map(plainTextOf).join(node.type === 'footnoteDefinition' ? ' ' : '');
  return '';
}
