import { parseDocument } from 'htmlparser2';
import type * as Md from 'mdast';
import { LIMITS, type DraftSnapshot, type Source } from '../domain';
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
import { citationNode } from '../nodes/citation/citationJson';
import { footnoteSources } from '../nodes/citation/citationMarkdown';
import { isFigure } from '../nodes/figure/figureJson';
import {
  FigureLicenses,
  figureFromParagraph,
  figureFromPicture,
  figureFromShortcode,
  shareTopImageWords,
  type MarkdownPicture,
} from '../nodes/figure/figureMarkdown';
import { canonicalDocument } from '../export/canonical';
import { fieldsFromFrontMatter, parseFrontMatter, splitFrontMatter, type ImageRef } from './frontMatter';
import { htmlToLexical } from './html';
import { IMPORT_LIMITS, ImportRefusal, markdownBounds, nestingDepth, tooDeep } from './limits';
import { parseMarkdownTree } from './mdast';
import { isSafeHref } from '../export/safeUrl';

/**
 * A Markdown file → a piece: fields from the front matter, body as Lexical
 * JSON, parsed by micromark; reads back all the exporter writes. What is
 * left off and why: docs/ARCHITECTURE.md, "Import".
 */

/** A piece as a file gives it; its top image is still the file's reference, for the caller to import. */
export interface ImportedPiece extends Omit<DraftSnapshot, 'topImage'> {
  topImage: ImageRef | null;
  warnings: string[];
}

export { FrontMatterError } from './frontMatter';

const HTML_MARK: Record<string, number> = {
  u: TEXT_FORMAT.underline,
  ins: TEXT_FORMAT.underline,
  em: TEXT_FORMAT.italic,
  i: TEXT_FORMAT.italic,
  strong: TEXT_FORMAT.bold,
  b: TEXT_FORMAT.bold,
  del: TEXT_FORMAT.strikethrough,
  s: TEXT_FORMAT.strikethrough,
  strike: TEXT_FORMAT.strikethrough,
};

export function importMarkdown(text: string, options: { fallbackTitle?: string } = {}): ImportedPiece {
  const warnings: string[] = [];
  const split = splitFrontMatter(text);
  const fields = fieldsFromFrontMatter(parseFrontMatter(split.yaml), warnings);
  const tree = parseShallowMarkdown(split.body, split.bodyLine);
  const converter = new MdastConverter(split.body, fields.sources ?? [], new FigureLicenses(fields.images), warnings);
  converter.prepare(tree);
  const blocks = converter.blocks(tree.children);
  let headline = fields.headline;
  if (headline === undefined && blocks[0]?.type === 'heading' && blocks[0].tag === 'h1') {
    headline = plainTextOfLexical(blocks.shift()!);
  }
  const sources = converter.allSources();
  const topImage = fields.topImage && shareTopImageWords(fields.topImage, blocks);
  const body = canonicalDocument(
    { root: { type: 'root', version: 1, children: blocks } },
    new Set(sources.map((s) => s.id)),
  );
  const { images: _images, ...given } = fields;
  return {
    ...given,
    headline: (headline ?? options.fallbackTitle ?? '').slice(0, LIMITS.headline),
    sources,
    body,
    topImage,
    warnings,
  };
}

/** Containers that can hold themselves, so a file could nest them without end. */
const NESTING = new Set<string>([
  'list',
  'blockquote',
  'emphasis',
  'strong',
  'delete',
  'link',
  'linkReference',
  'footnoteDefinition',
]);

/**
 * Parses the body only once it is known to stay within the limits that
 * keep micromark fast (container nesting, emphasis marks per paragraph,
 * bounded from the lines before it parses), and converts it only once the
 * tree is known to be shallow enough for the converter's recursion.
 */
function parseShallowMarkdown(body: string, bodyLine: number): Md.Root {
  const limit = IMPORT_LIMITS.nestingLevels;
  const { nesting, marks } = markdownBounds(body);
  const line = (n: number) => (n + bodyLine - 1).toLocaleString('en-US');
  if (nesting.levels > limit)
    throw tooDeep('Lists and quotes are nested up to', nesting.levels, ` (line ${line(nesting.line)})`);
  if (marks.count > IMPORT_LIMITS.marksPerParagraph) {
    throw new ImportRefusal(
      `The paragraph at line ${line(marks.line)} has ${marks.count.toLocaleString('en-US')} emphasis marks (*, _, ~); imports are limited to ${IMPORT_LIMITS.marksPerParagraph} in one paragraph.`,
    );
  }
  const tree = parseMarkdownTree(body);
  const depth = nestingDepth<Md.Nodes>(
    tree,
    (n) => ('children' in n ? n.children : undefined),
    (n) => NESTING.has(n.type),
  );
  if (depth > limit) throw tooDeep('Formatting, links, lists and quotes are nested', depth);
  return tree;
}

function plainTextOfLexical(node: SerializedNode): string {
  if (typeof node.text === 'string') return node.text;
  return (node.children ?? []).map(plainTextOfLexical).join('');
}

class MdastConverter {
  private readonly definitions = new Map<string, Md.Definition>();
  private readonly footnoteDefinitions = new Map<string, Md.FootnoteDefinition>();
  private citationOf = new Map<string, string>();
  private extraSources: Source[] = [];
  /** Marks opened by inline HTML tags (`<u>`, `<em>`…), which close in a later sibling. */
  private htmlFormat = 0;

  constructor(
    private readonly markdown: string,
    private readonly sources: readonly Source[],
    private readonly licenses: FigureLicenses,
    private readonly warnings: string[],
  ) {}

  allSources(): Source[] {
    return [...this.sources, ...this.extraSources];
  }

  /** Collects link and footnote definitions, and matches each footnote to a source in order of first reference. */
  prepare(tree: Md.Root): void {
    const references: string[] = [];
    const walk = (node: Md.Nodes) => {
      if (node.type === 'definition' && !this.definitions.has(node.identifier))
        this.definitions.set(node.identifier, node);
      if (node.type === 'footnoteDefinition' && !this.footnoteDefinitions.has(node.identifier))
        this.footnoteDefinitions.set(node.identifier, node);
      if (node.type === 'footnoteReference') references.push(node.identifier);
      if ('children' in node) (node.children as Md.Nodes[]).forEach(walk);
    };
    walk(tree);
    const matched = footnoteSources(this.footnoteDefinitions, references, this.sources);
    this.citationOf = matched.citationOf;
    this.extraSources = matched.extra;
  }

  blocks(nodes: readonly Md.RootContent[]): SerializedNode[] {
    const out: SerializedNode[] = [];
    for (const node of nodes) this.block(node, out);
    return out;
  }

  private block(node: Md.RootContent, out: SerializedNode[]): void {
    this.htmlFormat = 0;
    switch (node.type) {
      case 'paragraph':
        return this.paragraph(node, out);
      case 'heading':
        out.push(headingNode(node.depth, this.inline(node.children)));
        return;
      case 'thematicBreak':
        out.push(horizontalRuleNode());
        return;
      case 'blockquote':
        if (node.children.length === 0) out.push(quoteNode([]));
        for (const child of node.children) {
          if (child.type === 'paragraph') {
            this.htmlFormat = 0;
            out.push(quoteNode(this.inline(child.children)));
          } else this.block(child, out);
        }
        return;
      case 'list':
        out.push(this.list(node));
        return;
      case 'code':
        out.push(paragraphNode(codeLines(node.value)));
        return;
      case 'html':
        return this.htmlBlock(node.value, out);
      default:
        // definitions and footnote definitions were read in prepare(); front matter was split off.
        return;
    }
  }

  private htmlBlock(html: string, out: SerializedNode[]): void {
    const converted = htmlToLexical(html, this.warnings);
    for (const block of converted.blocks) {
      if (isFigure(block)) out.push(this.licenses.apply(block));
      else out.push(block);
    }
  }

  private list(node: Md.List): SerializedNode {
    const items: SerializedNode[][] = [];
    for (const item of node.children) {
      let inline: SerializedNode[] = [];
      let had = false;
      for (const child of item.children) {
        if (child.type === 'list') {
          if (had) items.push(inline);
          inline = [];
          had = false;
          items.push([this.list(child)]);
          continue;
        }
        if (had) inline.push(lineBreakNode());
        this.htmlFormat = 0;
        if (child.type === 'paragraph' || child.type === 'heading') inline.push(...this.inline(child.children));
        else if (child.type === 'code') inline.push(...codeLines(child.value));
        else {
          const nested: SerializedNode[] = [];
          this.block(child, nested);
          for (const block of nested) inline.push(...(block.children ?? []));
        }
        had = true;
      }
      if (had || item.children.length === 0) items.push(inline);
    }
    return listFromItems(node.ordered === true, node.start ?? 1, items);
  }

  private paragraph(node: Md.Paragraph, out: SerializedNode[]): void {
    const children = node.children;
    const figure =
      this.shortcode(node) ?? figureFromParagraph(children[0] ? this.imageOf(children[0]) : null, children);
    if (figure) {
      out.push(this.licenses.apply(figure));
      return;
    }
    // Images inside running text become figures between the parts of the paragraph.
    let run: Md.PhrasingContent[] = [];
    const flush = () => {
      const inline = this.inline(run);
      if (inline.length > 0) out.push(paragraphNode(inline));
      run = [];
    };
    for (const child of children) {
      const image = this.imageOf(child);
      if (image) {
        flush();
        out.push(this.licenses.apply(figureFromPicture(image)));
      } else run.push(child);
    }
    flush();
  }

  private imageOf(node: Md.PhrasingContent): MarkdownPicture | null {
    if (node.type === 'image') return { url: node.url, alt: node.alt ?? '', title: node.title ?? '' };
    if (node.type === 'imageReference') {
      const definition = this.definitions.get(node.identifier);
      if (definition) return { url: definition.url, alt: node.alt ?? '', title: definition.title ?? '' };
    }
    return null;
  }

  /** A paragraph that is Hugo's figure shortcode, read from the source text itself. */
  private shortcode(node: Md.Paragraph): SerializedNode | null {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? null : figureFromShortcode(this.markdown.slice(start, end));
  }

  private inline(nodes: readonly Md.PhrasingContent[]): SerializedNode[] {
    const out: SerializedNode[] = [];
    this.collect(nodes, 0, out);
    return out;
  }

  private collect(nodes: readonly Md.PhrasingContent[], format: number, out: SerializedNode[]): void {
    for (const node of withHtmlLinks(nodes)) {
      switch (node.type) {
        case 'text':
          // A soft line break reads as a space.
          out.push(formattedTextNode(node.value.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' '), format | this.htmlFormat));
          break;
        case 'emphasis':
          this.collect(node.children, format | TEXT_FORMAT.italic, out);
          break;
        case 'strong':
          this.collect(node.children, format | TEXT_FORMAT.bold, out);
          break;
        case 'delete':
          this.collect(node.children, format | TEXT_FORMAT.strikethrough, out);
          break;
        case 'inlineCode':
          out.push(formattedTextNode(node.value, format | this.htmlFormat | TEXT_FORMAT.code));
          break;
        case 'break':
          out.push(lineBreakNode());
          break;
        case 'link': {
          const children: SerializedNode[] = [];
          this.collect(node.children, format, children);
          out.push(titledLinkNode(node.url, node.title ?? null, children));
          break;
        }
        case 'linkReference': {
          const definition = this.definitions.get(node.identifier);
          const children: SerializedNode[] = [];
          this.collect(node.children, format, children);
          if (definition) out.push(titledLinkNode(definition.url, definition.title ?? null, children));
          else out.push(...children);
          break;
        }
        case 'image':
        case 'imageReference': {
          // An image inside a link or emphasis cannot be a figure: keep its words.
          const alt = node.alt ?? '';
          if (alt) out.push(formattedTextNode(alt, format | this.htmlFormat));
          break;
        }
        case 'footnoteReference': {
          const sourceId = this.citationOf.get(node.identifier);
          if (sourceId) out.push(citationNode(sourceId));
          break;
        }
        case 'html':
          this.inlineHtml(node.value, out);
          break;
      }
    }
  }

  private inlineHtml(html: string, out: SerializedNode[]): void {
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(\/?)>$/.exec(html.trim());
    if (!tag) return;
    const [, closing, rawName] = tag;
    const name = rawName!.toLowerCase();
    if (name === 'br') {
      out.push(lineBreakNode());
      return;
    }
    const bit = HTML_MARK[name];
    if (bit === undefined) return;
    if (closing) this.htmlFormat &= ~bit;
    else this.htmlFormat |= bit;
  }
}

/** An inline `<a href="…">` tag's target and title, when the target is one an export may carry. */
function htmlLinkOpen(html: string): { url: string; title: string | null } | null {
  if (!/^<a\b[^>]*>$/i.test(html.trim())) return null;
  const [element] = parseDocument(html, { decodeEntities: true }).children;
  const attribs = element && 'attribs' in element ? element.attribs : {};
  const url = attribs.href ?? '';
  return url && isSafeHref(url) ? { url, title: attribs.title || null } : null;
}

/**
 * Raw `<a href="…">text</a>` in running Markdown arrives as an opening tag,
 * the text, and a closing tag, side by side: gathered into one link node so
 * a safe link keeps its target (any other is dropped, keeping its words).
 */
function withHtmlLinks(nodes: readonly Md.PhrasingContent[]): readonly Md.PhrasingContent[] {
  if (!nodes.some((n) => n.type === 'html')) return nodes;
  const out: Md.PhrasingContent[] = [];
  let open: Md.Link | null = null;
  for (const node of nodes) {
    const link = node.type === 'html' ? htmlLinkOpen(node.value) : null;
    if (link) {
      open = { type: 'link', url: link.url, title: link.title, children: [] };
      out.push(open);
    } else if (open && node.type === 'html' && /^<\/a\s*>$/i.test(node.value.trim())) {
      open = null;
    } else if (open) {
      open.children.push(node);
    } else out.push(node);
  }
  return out;
}

function codeLines(value: string): SerializedNode[] {
  const out: SerializedNode[] = [];
  value.split(/\r?\n/).forEach((line, i) => {
    if (i > 0) out.push(lineBreakNode());
    if (line) out.push(formattedTextNode(line, TEXT_FORMAT.code));
  });
  return out;
}
