import type { SerializedNode } from '../lexical/document';
import { footnoteDefinition, footnoteReference } from '../nodes/citation/citationMarkdown';
import { citedSource } from '../nodes/citation/citationJson';
import { footnotesOf } from '../nodes/citation/footnotes';
import { FIGURE_TYPE, figureFields } from '../nodes/figure/figureJson';
import { figureMarkdown, type FigureStyle } from '../nodes/figure/figureMarkdown';
import { canonicalDocument } from './canonical';
import { imageHref, type ExportableDraft, type ExportImages } from './exportable';
import { frontMatterData, frontMatterYaml } from './frontMatter';
import { inlineMarkdown } from './markdownInline';

/**
 * A draft as a Markdown file: YAML front matter, the body in CommonMark
 * (plus GFM strikethrough and footnotes), footnotes from the cited sources.
 * Pure. Figure styles: docs/ARCHITECTURE.md, "The Markdown file".
 */

export interface MarkdownOptions extends ExportImages {
  figureStyle?: FigureStyle;
  /** Leave out the YAML front matter (for a body alone, e.g. to hand to a renderer). */
  frontMatter?: boolean;
}

export function toMarkdown(draft: ExportableDraft, options: MarkdownOptions = {}): string {
  const body = canonicalDocument(draft.body, new Set(draft.sources.map((s) => s.id)));
  const footnotes = footnotesOf(body, draft.sources);
  const writer = new BlockWriter(options, footnotes.numberOf);
  const blocks = writer.blocks(body.root.children);
  for (const note of footnotes.list) blocks.push(footnoteDefinition(note));
  const text = blocks.join('\n\n');
  if (options.frontMatter === false) return text.length > 0 ? `${text}\n` : '';
  const yaml = frontMatterYaml(frontMatterData(draft, body, options));
  return `---\n${yaml}---\n${text.length > 0 ? `\n${text}\n` : ''}`;
}

class BlockWriter {
  constructor(
    private readonly options: MarkdownOptions,
    private readonly numbers: ReadonlyMap<string, number>,
  ) {}

  private readonly citation = (node: SerializedNode) => {
    const sourceId = citedSource(node);
    const n = sourceId === null ? undefined : this.numbers.get(sourceId);
    return n === undefined ? undefined : footnoteReference(n);
  };

  blocks(nodes: readonly SerializedNode[]): string[] {
    const out: string[] = [];
    let previous: SerializedNode | undefined;
    let alternate = false;
    for (const node of nodes) {
      // Two lists in a row with the same marker would read as one list: switch the marker.
      alternate =
        node.type === 'list' && previous?.type === 'list' && previous.listType === node.listType ? !alternate : false;
      out.push(this.block(node, alternate));
      previous = node;
    }
    return out;
  }

  private inline(nodes: readonly SerializedNode[], heading = false): string {
    return inlineMarkdown(nodes, { heading, citation: this.citation });
  }

  private block(node: SerializedNode, alternate: boolean): string {
    switch (node.type) {
      case 'heading': {
        const content = this.inline(node.children ?? [], true);
        const hashes = '#'.repeat(Number(String(node.tag).slice(1)));
        return content ? `${hashes} ${content}` : hashes;
      }
      case 'quote': {
        const content = this.inline(node.children ?? []);
        return content ? prefixLines(content, '> ', '> ') : '>';
      }
      case 'list':
        return this.list(node, alternate).join('\n');
      case FIGURE_TYPE: {
        const fields = figureFields(node);
        return figureMarkdown(fields, imageHref(this.options, fields.image), this.options.figureStyle ?? 'markdown');
      }
      case 'horizontalrule':
        return '---';
      default:
        return this.inline(node.children ?? []);
    }
  }

  private list(node: SerializedNode, alternate: boolean): string[] {
    const ordered = node.listType === 'number';
    let number = typeof node.start === 'number' ? node.start : 1;
    const marker = () => (ordered ? `${number}${alternate ? ')' : '.'}` : alternate ? '*' : '-');
    const lines: string[] = [];
    let indent = 0;
    let nestedBefore: { listType: unknown; alternate: boolean } | undefined;
    for (const item of node.children ?? []) {
      const children = item.children ?? [];
      if (children.length === 1 && children[0]!.type === 'list') {
        const nested = children[0]!;
        // Consecutive nested lists under one item: alternate markers so they stay apart without a blank line.
        const alt = nestedBefore !== undefined && nestedBefore.listType === nested.listType && !nestedBefore.alternate;
        nestedBefore = { listType: nested.listType, alternate: alt };
        const nestedLines = this.list(nested, alt);
        if (lines.length === 0) {
          // A list that opens with a nested list: the nested list starts on the item's own line ("- - a").
          const m = marker();
          indent = m.length + 1;
          lines.push(`${m} ${nestedLines[0]}`, ...nestedLines.slice(1).map((line) => ' '.repeat(indent) + line));
        } else {
          lines.push(...nestedLines.map((line) => ' '.repeat(indent) + line));
        }
        continue;
      }
      nestedBefore = undefined;
      const m = marker();
      number++;
      indent = m.length + 1;
      lines.push(...prefixLines(this.inline(children), `${m} `, ' '.repeat(indent)).split('\n'));
    }
    return lines;
  }
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join('\n');
}
