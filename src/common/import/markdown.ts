import { parseDocument } from 'htmlparser2';
import type * as Md from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { isWebUrl, LIMITS, type DraftSnapshot, type Source } from '../domain';
import type { LexicalDocument, SerializedNode } from '../lexical/document';
import {
  figureNode,
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
import { canonicalDocument } from '../export/canonical';
import { footnotePlainText } from '../export/citations';
import { fieldsFromFrontMatter, parseFrontMatter, splitFrontMatter, type ImageRef } from './frontMatter';
import { splitCredit } from './credit';
import { htmlToLexical } from './html';
import { IMPORT_LIMITS, ImportRefusal, markdownBounds, nestingDepth, tooDeep } from './limits';
import { isSafeHref } from '../export/safeUrl';
import { sourceFromNote } from './sourceFromNote';

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
  if ('children' in node) return (node.children as Md.Nodes[]).map(plainTextOf).join(node.type === 'footnoteDefinition' ? ' ' : '');
  return '';
}

export function importMarkdown(text: string, options: { fallbackTitle?: string } = {}): ImportedPiece {
  const warnings: string[] = [];
  const split = splitFrontMatter(text);
  const fields = fieldsFromFrontMatter(parseFrontMatter(split.yaml), warnings);
  const tree = parseShallowMarkdown(split.body, split.bodyLine);
  const converter = new MdastConverter(split.body, fields.sources ?? [], fields.images, warnings);
  converter.prepare(tree);
  const blocks = converter.blocks(tree.children);
  let headline = fields.headline;
  if (headline === undefined && blocks[0]?.type === 'heading' && blocks[0].tag === 'h1') {
    headline = plainTextOfLexical(blocks.shift()!);
  }
  const sources = converter.allSources();
  const topImage = fields.topImage && shareTopImageWords(fields.topImage, blocks);
  const body = canonicalDocument({ root: { type: 'root', version: 1, children: blocks } }, new Set(sources.map((s) => s.id)));
  const { images: _images, ...given } = fields;
  return { ...given, headline: (headline ?? options.fallbackTitle ?? '').slice(0, LIMITS.headline), sources, body, topImage, warnings };
}

/** Containers that can hold themselves, so a file could nest them without end. */
const NESTING = new Set<string>(['list', 'blockquote', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'footnoteDefinition']);

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
  if (nesting.levels > limit) throw tooDeep('Lists and quotes are nested up to', nesting.levels, ` (line ${line(nesting.line)})`);
  if (marks.count > IMPORT_LIMITS.marksPerParagraph) {
    throw new ImportRefusal(
      `The paragraph at line ${line(marks.line)} has ${marks.count.toLocaleString('en-US')} emphasis marks (*, _, ~); imports are limited to ${IMPORT_LIMITS.marksPerParagraph} in one paragraph.`,
    );
  }
  const tree = parseMarkdownTree(body);
  const depth = nestingDepth<Md.Nodes>(tree, (n) => ('children' in n ? n.children : undefined), (n) => NESTING.has(n.type));
  if (depth > limit) throw tooDeep('Formatting, links, lists and quotes are nested', depth);
  return tree;
}

const sameSrc = (a: string, b: string) => a.replace(/^\.\//, '') === b.replace(/^\.\//, '');

/**
 * A top image that is also a figure in the text is one image with one set of
 * words: each of alt, caption, credit and license missing on one side is
 * taken from the other, so neither the figure nor the front matter's block
 * (nor the stored image) ends up without them.
 */
function shareTopImageWords(top: ImageRef, blocks: SerializedNode[]): ImageRef {
  const index = blocks.findIndex((b) => b.type === 'figure' && sameSrc(String(b.image), top.src));
  if (index < 0) return top;
  const figure = blocks[index]!;
  const merged = { ...top };
  for (const key of ['alt', 'caption', 'credit', 'license'] as const) merged[key] = String(figure[key]) || top[key];
  blocks[index] = { ...figure, alt: merged.alt, caption: merged.caption, credit: merged.credit, license: merged.license };
  return merged;
}

function plainTextOfLexical(node: SerializedNode): string {
  if (typeof node.text === 'string') return node.text;
  return (node.children ?? []).map(plainTextOfLexical).join('');
}

/** Replaces each figure's `src` with what `resolve` returns; null turns the figure into a link to where it was. */
export function resolveFigureImages(doc: LexicalDocument, resolve: (src: string) => string | null): LexicalDocument {
  const map = (nodes: readonly SerializedNode[]): SerializedNode[] =>
    nodes.map((node) => {
      if (node.type === 'figure') {
        const src = String(node.image);
        const id = resolve(src);
        if (id !== null) return { ...node, image: id };
        const label = String(node.alt) || String(node.caption) || src;
        return paragraphNode(isWebUrl(src) ? [titledLinkNode(src, null, [formattedTextNode(label, 0)])] : [formattedTextNode(label, 0)]);
      }
      return node.children ? { ...node, children: map(node.children) } : node;
    });
  return { root: { ...doc.root, children: map(doc.root.children) } };
}

class MdastConverter {
  private readonly definitions = new Map<string, Md.Definition>();
  private readonly footnoteDefinitions = new Map<string, Md.FootnoteDefinition>();
  private readonly citationOf = new Map<string, string>();
  private readonly extraSources: Source[] = [];
  private readonly figureCount = new Map<string, number>();
  /** Marks opened by inline HTML tags (`<u>`, `<em>`…), which close in a later sibling. */
  private htmlFormat = 0;

  constructor(
    private readonly markdown: string,
    private readonly sources: readonly Source[],
    private readonly images: readonly ImageRef[],
    private readonly warnings: string[],
  ) {}

  allSources(): Source[] {
    return [...this.sources, ...this.extraSources];
  }

  /** Collects link and footnote definitions, and matches each footnote to a source in order of first reference. */
  prepare(tree: Md.Root): void {
    const references: string[] = [];
    const walk = (node: Md.Nodes) => {
      if (node.type === 'definition' && !this.definitions.has(node.identifier)) this.definitions.set(node.identifier, node);
      if (node.type === 'footnoteDefinition' && !this.footnoteDefinitions.has(node.identifier)) this.footnoteDefinitions.set(node.identifier, node);
      if (node.type === 'footnoteReference') references.push(node.identifier);
      if ('children' in node) (node.children as Md.Nodes[]).forEach(walk);
    };
    walk(tree);
    const unused = [...this.sources];
    const ids = new Set(this.sources.map((s) => s.id));
    const order = [...new Set([...references.filter((r) => this.footnoteDefinitions.has(r)), ...this.footnoteDefinitions.keys()])];
    for (const identifier of order) {
      const definition = this.footnoteDefinitions.get(identifier)!;
      const text = plainTextOf(definition).replace(/\s+/g, ' ').trim();
      const match = unused.findIndex((s) => footnotePlainText(s) === text);
      if (match >= 0) {
        this.citationOf.set(identifier, unused[match]!.id);
        unused.splice(match, 1);
        continue;
      }
      let id = `fn-${identifier.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60)}`;
      while (ids.has(id)) id = `${id}-1`;
      ids.add(id);
      this.extraSources.push(sourceFromNote(id, text, firstWebLink(definition)));
      this.citationOf.set(identifier, id);
    }
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
      if (block.type === 'figure') out.push(this.withLicense(block));
      else out.push(block);
    }
  }

  /** Copydesk's front matter lists every figure with its license; match by src, in order. */
  private withLicense(figure: SerializedNode): SerializedNode {
    const src = String(figure.image);
    const seen = this.figureCount.get(src) ?? 0;
    this.figureCount.set(src, seen + 1);
    const entry = this.images.filter((i) => i.src === src)[seen];
    if (!entry) return figure;
    return { ...figure, license: figure.license || entry.license };
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
    const hugo = this.hugoFigure(node);
    if (hugo) {
      out.push(this.withLicense(hugo));
      return;
    }
    const children = node.children;
    const picture = children[0] ? this.imageOf(children[0]) : null;
    if (picture && (children.length === 1 || children[1]!.type === 'break')) {
      out.push(this.withLicense(this.captionedFigure(picture, children.slice(2))));
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
        out.push(this.withLicense(figureNode({ image: image.url, alt: image.alt, ...splitCredit({ caption: image.title, credit: '' }), license: '' })));
      } else run.push(child);
    }
    flush();
  }

  private imageOf(node: Md.PhrasingContent): { url: string; alt: string; title: string } | null {
    if (node.type === 'image') return { url: node.url, alt: node.alt ?? '', title: node.title ?? '' };
    if (node.type === 'imageReference') {
      const definition = this.definitions.get(node.identifier);
      if (definition) return { url: definition.url, alt: node.alt ?? '', title: definition.title ?? '' };
    }
    return null;
  }

  /** The default figure: the image, a break, then `*caption*` and `— credit` (see export/markdown.ts). */
  private captionedFigure(picture: { url: string; alt: string; title: string }, rest: Md.PhrasingContent[]): SerializedNode {
    let caption = '';
    let index = 0;
    if (rest[0]?.type === 'emphasis') {
      caption = plainTextOf(rest[0]);
      index = 1;
    }
    const tail = rest.slice(index).map(plainTextOf).join('');
    let credit = '';
    const dash = caption ? ' — ' : '— ';
    if (tail.startsWith(dash)) credit = tail.slice(dash.length);
    else if (tail) caption = (caption + tail).trim();
    if (!caption && !credit && picture.title) caption = picture.title;
    return figureNode({ image: picture.url, alt: picture.alt, ...splitCredit({ caption, credit }), license: '' });
  }

  /** `{{< figure src="…" alt="…" caption="…" attr="…" >}}`, read from the source text itself. */
  private hugoFigure(node: Md.Paragraph): SerializedNode | null {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return null;
    const raw = this.markdown.slice(start, end).trim();
    const match = /^\{\{<\s*figure\s+([\s\S]*?)\s*\/?>\}\}$/.exec(raw);
    if (!match) return null;
    const params: Record<string, string> = {};
    for (const p of match[1]!.matchAll(/([A-Za-z]+)=(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)/g)) {
      params[p[1]!] = p[2] !== undefined ? p[2].replace(/\\"/g, '"') : p[3]!;
    }
    const markdownText = (value: string | undefined) => {
      if (!value) return '';
      const tree = parseMarkdownTree(value);
      return tree.children.map(plainTextOf).join('\n');
    };
    return figureNode({
      image: params.src ?? '',
      alt: params.alt ?? '',
      ...splitCredit({ caption: markdownText(params.caption ?? params.title), credit: markdownText(params.attr) }),
      license: '',
    });
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
          if (sourceId) out.push({ type: 'citation', version: 1, sourceId });
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

function firstWebLink(node: Md.Nodes): string {
  if (node.type === 'link' && isWebUrl(node.url)) return node.url;
  if ('children' in node) {
    for (const child of node.children as Md.Nodes[]) {
      const found = firstWebLink(child);
      if (found) return found;
    }
  }
  return '';
}

