import { parseDocument } from 'htmlparser2';
import type { Source } from '../domain';
import { HtmlFootnotes } from '../nodes/citation/citationHtml';
import { figureFromHtml, figureFromImg } from '../nodes/figure/figureHtml';
import { isElement, textOf, type DomNode } from './dom';
import { IMPORT_LIMITS, nestingDepth, tooDeep } from './limits';
import type { SerializedNode } from '../lexical/document';
import {
  formattedTextNode,
  headingNode,
  horizontalRuleNode,
  lineBreakNode,
  listFromItems,
  paragraphNode,
  quoteNode,
  TEXT_FORMAT,
  titledLinkNode,
} from '../lexical/nodes';
import { isSafeHref } from '../export/safeUrl';

/**
 * HTML → Lexical JSON without a DOM (htmlparser2 builds a plain tree). Used
 * for .docx files (mammoth turns them into HTML) and for HTML blocks inside
 * Markdown. Keeps what Copydesk's editor has — paragraphs, headings 1–6,
 * quotes, lists, figures with caption and credit, bold, italic, underline,
 * strikethrough, code, links, line breaks, rules — and footnotes (Word's,
 * as mammoth writes them, and our own HTML export's) as sources with
 * citations. Everything else keeps its text; scripts and styles are dropped.
 * Figures carry their `src` as written in `image`; the caller resolves it.
 */

export interface HtmlImport {
  blocks: SerializedNode[];
  /** Footnotes found in the HTML, as sources the citations point at. */
  sources: Source[];
}

const INLINE_FORMAT: Record<string, number> = {
  strong: TEXT_FORMAT.bold,
  b: TEXT_FORMAT.bold,
  em: TEXT_FORMAT.italic,
  i: TEXT_FORMAT.italic,
  cite: TEXT_FORMAT.italic,
  u: TEXT_FORMAT.underline,
  ins: TEXT_FORMAT.underline,
  s: TEXT_FORMAT.strikethrough,
  del: TEXT_FORMAT.strikethrough,
  strike: TEXT_FORMAT.strikethrough,
  code: TEXT_FORMAT.code,
  kbd: TEXT_FORMAT.code,
  samp: TEXT_FORMAT.code,
  tt: TEXT_FORMAT.code,
};

const DROPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'head',
  'title',
  'meta',
  'link',
]);
const CONTAINERS = new Set([
  'html',
  'body',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'center',
  'form',
  'fieldset',
  'details',
  'dl',
  'dd',
  'dt',
  'address',
]);
const BLOCKS = new Set([
  ...CONTAINERS,
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'figure',
  'hr',
  'pre',
  'table',
  'img',
]);

export function htmlToLexical(html: string, warnings: string[] = []): HtmlImport {
  const document = parseDocument(html, { decodeEntities: true }) as unknown as DomNode;
  // htmlparser2 builds the tree without recursion; the converter recurses, so it only sees a tree of bounded depth.
  const depth = nestingDepth(
    document,
    (n) => n.children,
    (n) => n.type === 'tag' || n.type === 'script' || n.type === 'style',
  );
  if (depth > IMPORT_LIMITS.nestingLevels) throw tooDeep('HTML elements are nested', depth);
  return new HtmlConverter(document, warnings).convert();
}

class HtmlConverter {
  private readonly notes = new HtmlFootnotes();
  private warnedScript = false;

  constructor(
    private readonly root: DomNode,
    private readonly warnings: string[],
  ) {}

  convert(): HtmlImport {
    this.notes.collect(this.root);
    const blocks: SerializedNode[] = [];
    this.blocks(this.root.children ?? [], blocks);
    return { blocks, sources: this.notes.sources };
  }

  private dropped(node: DomNode): boolean {
    if (node.type === 'comment' || node.type === 'directive' || node.type === 'cdata') return true;
    if ((node.type === 'tag' || node.type === 'script' || node.type === 'style') && DROPPED.has(node.name ?? '')) {
      if (
        !this.warnedScript &&
        (node.name === 'script' || node.name === 'iframe' || node.name === 'object' || node.name === 'embed')
      ) {
        this.warnings.push(`An embedded <${node.name}> was left out: Copydesk does not import scripts or embeds.`);
        this.warnedScript = true;
      }
      return true;
    }
    return false;
  }

  private blocks(nodes: readonly DomNode[], out: SerializedNode[]): void {
    let inline: DomNode[] = [];
    const flush = () => {
      if (inline.length > 0) this.paragraph(inline, out);
      inline = [];
    };
    for (const node of nodes) {
      if (this.dropped(node)) continue;
      if (node.type === 'tag' && BLOCKS.has(node.name ?? '')) {
        flush();
        this.block(node, out);
      } else {
        inline.push(node);
      }
    }
    flush();
  }

  private block(node: DomNode, out: SerializedNode[]): void {
    const name = node.name!;
    if (CONTAINERS.has(name)) return this.blocks(node.children ?? [], out);
    switch (name) {
      case 'p':
        return this.paragraph(node.children ?? [], out);
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        out.push(headingNode(Number(name[1]) as 1 | 2 | 3 | 4 | 5 | 6, this.inline(node.children ?? [])));
        return;
      case 'blockquote': {
        const parts: SerializedNode[] = [];
        this.blocks(node.children ?? [], parts);
        const inline: SerializedNode[] = [];
        for (const part of parts) {
          if (inline.length > 0) inline.push(lineBreakNode());
          inline.push(...(part.children ?? []));
        }
        out.push(quoteNode(inline));
        return;
      }
      case 'ul':
      case 'ol': {
        if (this.notes.isNoteList(node)) return;
        const start = Number(node.attribs?.start ?? 1);
        out.push(this.list(node, name === 'ol', Number.isInteger(start) && start >= 0 ? start : 1));
        return;
      }
      case 'li':
        return this.blocks(node.children ?? [], out);
      case 'figure':
        out.push(figureFromHtml(node));
        return;
      case 'img':
        out.push(figureFromImg(node));
        return;
      case 'hr':
        out.push(horizontalRuleNode());
        return;
      case 'pre': {
        const lines = textOf(node).replace(/\n$/, '').split(/\r?\n/);
        const inline: SerializedNode[] = [];
        lines.forEach((line, i) => {
          if (i > 0) inline.push(lineBreakNode());
          if (line) inline.push(formattedTextNode(line, TEXT_FORMAT.code));
        });
        out.push(paragraphNode(inline));
        return;
      }
      case 'table': {
        const rows: DomNode[] = [];
        const walk = (n: DomNode) => (isElement(n, 'tr') ? rows.push(n) : (n.children ?? []).forEach(walk));
        walk(node);
        for (const row of rows) {
          const cells = (row.children ?? []).filter((c) => isElement(c, 'td', 'th'));
          const inline: SerializedNode[] = [];
          cells.forEach((cell, i) => {
            if (i > 0) inline.push(formattedTextNode(' | ', 0));
            inline.push(...this.inline(cell.children ?? []));
          });
          out.push(paragraphNode(inline));
        }
        this.warnings.push('A table was imported as one paragraph per row: Copydesk has no tables.');
        return;
      }
    }
  }

  private list(node: DomNode, ordered: boolean, start: number): SerializedNode {
    const items: SerializedNode[][] = [];
    for (const li of (node.children ?? []).filter((c) => isElement(c, 'li'))) {
      let inline: DomNode[] = [];
      let had = false;
      const flush = () => {
        if (had) items.push(this.inline(inline));
        inline = [];
        had = false;
      };
      for (const child of li.children ?? []) {
        if (isElement(child, 'ul', 'ol')) {
          flush();
          items.push([this.list(child, child.name === 'ol', 1)]);
        } else if (isElement(child, 'p') && had) {
          // Paragraphs inside one item become lines of it.
          inline.push({ type: 'tag', name: 'br' }, ...(child.children ?? []));
        } else {
          inline.push(...(isElement(child, 'p') ? (child.children ?? []) : [child]));
          had = true;
        }
      }
      if (had || (li.children ?? []).length === 0) items.push(this.inline(inline));
    }
    return listFromItems(ordered, start, items);
  }

  /** Inline content into a paragraph; images in it become figures of their own, splitting it. */
  private paragraph(nodes: readonly DomNode[], out: SerializedNode[]): void {
    let run: DomNode[] = [];
    const flush = () => {
      const inline = this.inline(run);
      if (inline.some((n) => n.type !== 'text' || String(n.text).trim().length > 0)) out.push(paragraphNode(inline));
      run = [];
    };
    for (const node of nodes) {
      if (isElement(node, 'img')) {
        flush();
        this.block(node, out);
      } else if (node.type === 'tag' && BLOCKS.has(node.name ?? '')) {
        flush();
        this.block(node, out);
      } else run.push(node);
    }
    flush();
  }

  inline(nodes: readonly DomNode[]): SerializedNode[] {
    const out: SerializedNode[] = [];
    this.collect(nodes, 0, out);
    // HTML whitespace: collapsed, and none at the edges of a block.
    const first = out[0];
    if (first?.type === 'text') first.text = String(first.text).replace(/^ +/, '');
    const last = out[out.length - 1];
    if (last?.type === 'text') last.text = String(last.text).replace(/ +$/, '');
    return out.filter((n) => n.type !== 'text' || String(n.text).length > 0);
  }

  private collect(nodes: readonly DomNode[], format: number, out: SerializedNode[]): void {
    for (const node of nodes) {
      if (this.dropped(node)) continue;
      if (node.type === 'text') {
        const text = (node.data ?? '').replace(/[ \t\n\r\f]+/g, ' ');
        const prev = out[out.length - 1];
        const collapsed =
          text.startsWith(' ') &&
          (prev === undefined || prev.type === 'linebreak' || (prev.type === 'text' && String(prev.text).endsWith(' ')))
            ? text.slice(1)
            : text;
        if (collapsed) out.push(formattedTextNode(collapsed, format));
        continue;
      }
      if (node.type !== 'tag') continue;
      const name = node.name ?? '';
      if (name === 'br') {
        out.push(lineBreakNode());
        continue;
      }
      const citation = this.notes.citation(node);
      if (citation) {
        out.push(citation);
        continue;
      }
      if (this.notes.isReferenceMark(node)) {
        this.collect(node.children ?? [], format, out);
        continue;
      }
      const href = node.attribs?.href ?? '';
      if (name === 'a' && href && isSafeHref(href)) {
        const children: SerializedNode[] = [];
        this.collect(node.children ?? [], format, children);
        const title = node.attribs?.title ?? null;
        out.push(titledLinkNode(href, title || null, children));
        continue;
      }
      this.collect(node.children ?? [], format | (INLINE_FORMAT[name] ?? 0), out);
    }
  }
}
