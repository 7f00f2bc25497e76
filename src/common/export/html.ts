import type { SerializedNode } from '../lexical/document';
import { TEXT_FORMAT } from '../lexical/nodes';
import { CitationRefs, footnoteSection } from '../nodes/citation/citationHtml';
import { isCitation } from '../nodes/citation/citationJson';
import { footnotesOf } from '../nodes/citation/footnotes';
import { FIGURE_TYPE, figureFields } from '../nodes/figure/figureJson';
import { figureHtml } from '../nodes/figure/figureHtml';
import { canonicalDocument } from './canonical';
import { imageHref, type ExportableDraft, type ExportImages } from './exportable';
import { escapeHtml } from './htmlEscape';
import { planMarks } from './marks';

/**
 * A draft as semantic, sanitized HTML for a CMS or an "Export as HTML"
 * file: `p`, `h1`–`h6`, `blockquote`, `ul`/`ol`, `figure` with `figcaption`
 * and the credit in `<small class="credit">`, `strong`/`em`/`s`/`u`/`code`,
 * links, and footnotes as an ordered list with back-links, each source's
 * title in `cite`. No inline styles, no scripts, no event attributes: every
 * text is escaped and links go only to http(s), mailto or relative
 * addresses (see canonical.ts). Pure, like the Markdown exporter.
 */

export type HtmlOptions = ExportImages;

const TAG: Record<number, string> = {
  [TEXT_FORMAT.bold]: 'strong',
  [TEXT_FORMAT.italic]: 'em',
  [TEXT_FORMAT.strikethrough]: 's',
  [TEXT_FORMAT.underline]: 'u',
};
const PAIRED_BITS = TEXT_FORMAT.bold | TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough | TEXT_FORMAT.underline;

/** The body (and its footnotes) as an HTML fragment. */
export function toHtml(draft: ExportableDraft, options: HtmlOptions = {}): string {
  const body = canonicalDocument(draft.body, new Set(draft.sources.map((s) => s.id)));
  const footnotes = footnotesOf(body, draft.sources);
  const writer = new HtmlWriter(options, new CitationRefs(footnotes.numberOf));
  const parts = body.root.children.map((node) => writer.block(node));
  if (footnotes.list.length > 0) parts.push(footnoteSection(footnotes.list));
  return parts.filter((p) => p.length > 0).join('\n') + '\n';
}

/** A standalone page: the headline, dek and byline above the body. */
export function toHtmlDocument(draft: ExportableDraft, options: HtmlOptions = {}): string {
  const head = [`<meta charset="utf-8">`, `<title>${escapeHtml(draft.headline || 'Untitled')}</title>`];
  if (draft.dek) head.push(`<meta name="description" content="${escapeHtml(draft.dek)}">`);
  const header = [`<h1>${escapeHtml(draft.headline || 'Untitled')}</h1>`];
  if (draft.dek) header.push(`<p class="dek">${escapeHtml(draft.dek)}</p>`);
  if (draft.byline.length > 0) header.push(`<p class="byline">By ${escapeHtml(joinNames(draft.byline))}</p>`);
  return [
    '<!doctype html>',
    '<html>',
    `<head>\n${head.join('\n')}\n</head>`,
    '<body>',
    '<article>',
    `<header>\n${header.join('\n')}\n</header>`,
    toHtml(draft, options).trimEnd(),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

class HtmlWriter {
  constructor(
    private readonly options: HtmlOptions,
    private readonly citations: CitationRefs,
  ) {}

  block(node: SerializedNode): string {
    switch (node.type) {
      case 'paragraph': {
        // The one empty paragraph of an empty document renders as nothing, as in Markdown.
        const content = this.inline(node.children ?? []);
        return content ? `<p>${content}</p>` : '';
      }
      case 'heading':
        return `<${String(node.tag)}>${this.inline(node.children ?? [])}</${String(node.tag)}>`;
      case 'quote': {
        const content = this.inline(node.children ?? []);
        return content ? `<blockquote>\n<p>${content}</p>\n</blockquote>` : '<blockquote></blockquote>';
      }
      case 'list':
        return this.list(node);
      case FIGURE_TYPE: {
        const fields = figureFields(node);
        return figureHtml(fields, imageHref(this.options, fields.image));
      }
      case 'horizontalrule':
        return '<hr>';
      default:
        return '';
    }
  }

  private list(node: SerializedNode): string {
    const ordered = node.listType === 'number';
    const start = typeof node.start === 'number' && node.start !== 1 ? ` start="${node.start}"` : '';
    const items: string[] = [];
    for (const item of node.children ?? []) {
      const children = item.children ?? [];
      if (children.length === 1 && children[0]!.type === 'list') {
        // A nested list belongs to the item before it, as a Markdown renderer nests it.
        const nested = this.list(children[0]!);
        if (items.length > 0) items[items.length - 1] += `\n${nested}\n`;
        else items.push(`\n${nested}\n`);
        continue;
      }
      items.push(this.inline(children));
    }
    const tag = ordered ? 'ol' : 'ul';
    return `<${tag}${ordered ? start : ''}>\n${items.map((i) => `<li>${i}</li>`).join('\n')}\n</${tag}>`;
  }

  inline(nodes: readonly SerializedNode[]): string {
    let out = '';
    let texts: SerializedNode[] = [];
    const flush = () => {
      if (texts.length > 0) out += this.segment(texts);
      texts = [];
    };
    for (const node of nodes) {
      if (node.type === 'text') {
        texts.push(node);
        continue;
      }
      flush();
      if (node.type === 'linebreak') out += '<br>';
      else if (node.type === 'link') {
        const title = typeof node.title === 'string' && node.title ? ` title="${escapeHtml(node.title)}"` : '';
        out += `<a href="${escapeHtml(String(node.url))}"${title}>${this.inline(node.children ?? [])}</a>`;
      } else if (isCitation(node)) out += this.citations.html(node);
    }
    flush();
    return out;
  }

  private segment(texts: readonly SerializedNode[]): string {
    let out = '';
    for (const step of planMarks(texts.map((t) => (t.format as number) & PAIRED_BITS))) {
      if (step.kind === 'open') out += `<${TAG[step.piece.bit]}>`;
      else if (step.kind === 'close') out += `</${TAG[step.piece.bit]}>`;
      else {
        const node = texts[step.index]!;
        const text = escapeHtml(node.text!);
        out += (node.format as number) & TEXT_FORMAT.code ? `<code>${text}</code>` : text;
      }
    }
    return out;
  }
}
