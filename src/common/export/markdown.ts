import type { Source } from '../domain';
import type { SerializedNode } from '../lexical/document';
import { canonicalDocument } from './canonical';
import { footnoteParts, footnotesOf, type Footnote } from './citations';
import { imageHref, type ExportableDraft, type ExportImages } from './exportable';
import { frontMatterData, frontMatterYaml } from './frontMatter';
import { characterReference, escapeFieldText, escapeInlineText, inlineMarkdown, linkDestination } from './markdownInline';
import { escapeHtml } from './htmlEscape';

/**
 * A draft as a Markdown file: YAML front matter, the body in CommonMark
 * (plus GFM strikethrough and footnotes), footnotes from the cited sources.
 * Pure. Figure styles: docs/ARCHITECTURE.md, "The Markdown file".
 */

export type FigureStyle = 'markdown' | 'html' | 'hugo';

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

  private readonly footnoteNumber = (id: string) => this.numbers.get(id);

  blocks(nodes: readonly SerializedNode[]): string[] {
    const out: string[] = [];
    let previous: SerializedNode | undefined;
    let alternate = false;
    for (const node of nodes) {
      // Two lists in a row with the same marker would read as one list: switch the marker.
      alternate = node.type === 'list' && previous?.type === 'list' && previous.listType === node.listType ? !alternate : false;
      out.push(this.block(node, alternate));
      previous = node;
    }
    return out;
  }

  private inline(nodes: readonly SerializedNode[], heading = false): string {
    return inlineMarkdown(nodes, { heading, footnoteNumber: this.footnoteNumber });
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
      case 'figure':
        return this.figure(node);
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

  private figure(node: SerializedNode): string {
    const image = String(node.image);
    const href = imageHref(this.options, image);
    const alt = String(node.alt);
    const caption = String(node.caption);
    const credit = String(node.credit);
    switch (this.options.figureStyle ?? 'markdown') {
      case 'html':
        return figureHtmlBlock(href, alt, caption, credit);
      case 'hugo':
        return hugoFigure(href, alt, caption, credit);
      default: {
        const picture = `![${escapeFieldText(alt)}](${linkDestination(href)})`;
        const parts: string[] = [];
        if (caption) parts.push(`*${escapeFieldText(caption)}*`);
        if (credit) parts.push(`— ${escapeFieldText(credit)}`);
        return parts.length > 0 ? `${picture}\\\n${parts.join(' ')}` : picture;
      }
    }
  }
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join('\n');
}

/** A `<figure>` HTML block; newlines in the words are references, since a blank line would end the block. */
export function figureHtmlBlock(href: string, alt: string, caption: string, credit: string): string {
  const text = (s: string) => escapeHtml(s).replace(/\r?\n|\r/g, '&#10;');
  const lines = ['<figure>', `<img src="${text(href)}" alt="${text(alt)}">`];
  if (caption || credit) {
    const creditHtml = credit ? `<small class="credit">${text(credit)}</small>` : '';
    lines.push(`<figcaption>${text(caption)}${caption && credit ? ' ' : ''}${creditHtml}</figcaption>`);
  }
  lines.push('</figure>');
  return lines.join('\n');
}

/** Hugo shortcode parameters are double-quoted; caption and attr are rendered as Markdown by Hugo's figure template. */
export function hugoFigure(href: string, alt: string, caption: string, credit: string): string {
  const quote = (s: string) => `"${s.replace(/"/g, '\\"')}"`;
  const params = [`src=${quote(href)}`, `alt=${quote(alt.replace(/\r?\n|\r/g, ' '))}`];
  if (caption) params.push(`caption=${quote(escapeFieldText(caption))}`);
  if (credit) params.push(`attr=${quote(escapeFieldText(credit))}`);
  return `{{< figure ${params.join(' ')} >}}`;
}

function footnoteDefinition(note: Footnote): string {
  return `[^${note.number}]: ${footnoteMarkdown(note.source)}`;
}

export function footnoteMarkdown(source: Source): string {
  const parts = footnoteParts(source);
  let out = '';
  parts.forEach((part, i) => {
    if (part.kind === 'url') out += `[${escapeInlineText(part.url)}](${linkDestination(part.url)})`;
    else {
      let text = escapeInlineText(part.text).replace(/[\n\r\t]/g, characterReference);
      // The definition's text starts a block: keep it from reading as a heading, list or quote.
      if (i === 0) text = text.replace(/^([#>+\-=])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
      out += text;
    }
  });
  return out;
}
