import type * as Md from 'mdast';
import type { FIGURE_STYLES } from '../../exchange';
import type { SerializedNode } from '../../lexical/document';
import { escapeFieldText, linkDestination } from '../../export/markdownInline';
import { splitCredit } from '../../import/credit';
import type { ImageRef } from '../../import/frontMatter';
import { parseMarkdownTree, plainTextOf } from '../../import/mdast';
import { figureNode, isFigure, type FigureFields } from './figureJson';
import { figureHtmlBlock } from './figureHtml';

/**
 * A figure in Markdown, both ways. Written in one of three styles (the
 * default paragraph, a `<figure>` block, Hugo's shortcode: docs/ARCHITECTURE.md,
 * "The Markdown file"); all three, and images in running text, read back.
 * The license travels in the front matter's `images` list.
 */

export type FigureStyle = (typeof FIGURE_STYLES)[number];

export function figureMarkdown(fields: FigureFields, href: string, style: FigureStyle): string {
  switch (style) {
    case 'html':
      return figureHtmlBlock(fields, href);
    case 'hugo':
      return hugoShortcode(fields, href);
    default: {
      const { alt, caption, credit } = fields;
      const picture = `![${escapeFieldText(alt)}](${linkDestination(href)})`;
      const parts: string[] = [];
      if (caption) parts.push(`*${escapeFieldText(caption)}*`);
      if (credit) parts.push(`— ${escapeFieldText(credit)}`);
      return parts.length > 0 ? `${picture}\\\n${parts.join(' ')}` : picture;
    }
  }
}

/** Hugo shortcode parameters are double-quoted; caption and attr are rendered as Markdown by Hugo's figure template. */
function hugoShortcode({ alt, caption, credit }: FigureFields, href: string): string {
  const quote = (s: string) => `"${s.replace(/"/g, '\\"')}"`;
  const params = [`src=${quote(href)}`, `alt=${quote(alt.replace(/\r?\n|\r/g, ' '))}`];
  if (caption) params.push(`caption=${quote(escapeFieldText(caption))}`);
  if (credit) params.push(`attr=${quote(escapeFieldText(credit))}`);
  return `{{< figure ${params.join(' ')} >}}`;
}

/** An image as Markdown gives it, inline or through a reference definition. */
export interface MarkdownPicture {
  url: string;
  alt: string;
  title: string;
}

/**
 * The default figure: a paragraph of the picture alone, or of the picture,
 * a break, then `*caption*` and `— credit`. Null for any other paragraph.
 */
export function figureFromParagraph(
  picture: MarkdownPicture | null,
  children: readonly Md.PhrasingContent[],
): SerializedNode | null {
  if (!picture || !(children.length === 1 || children[1]!.type === 'break')) return null;
  const rest = children.slice(2);
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

/** An image inside running text: a figure of its own, its title the caption. */
export function figureFromPicture(picture: MarkdownPicture): SerializedNode {
  return figureNode({
    image: picture.url,
    alt: picture.alt,
    ...splitCredit({ caption: picture.title, credit: '' }),
    license: '',
  });
}

/** `{{< figure src="…" alt="…" caption="…" attr="…" >}}`, read from a paragraph's source text; null when it is not one. */
export function figureFromShortcode(source: string): SerializedNode | null {
  const match = /^\{\{<\s*figure\s+([\s\S]*?)\s*\/?>\}\}$/.exec(source.trim());
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

/** Copydesk's front matter lists every figure with its license: each figure read takes the license of the next entry with its src. */
export class FigureLicenses {
  private readonly seen = new Map<string, number>();

  constructor(private readonly images: readonly ImageRef[]) {}

  apply(figure: SerializedNode): SerializedNode {
    const src = String(figure.image);
    const seen = this.seen.get(src) ?? 0;
    this.seen.set(src, seen + 1);
    const entry = this.images.filter((i) => i.src === src)[seen];
    if (!entry) return figure;
    return { ...figure, license: figure.license || entry.license };
  }
}

const sameSrc = (a: string, b: string) => a.replace(/^\.\//, '') === b.replace(/^\.\//, '');

/**
 * A top image that is also a figure in the text is one image with one set of
 * words: each of alt, caption, credit and license missing on one side is
 * taken from the other, so neither the figure nor the front matter's block
 * (nor the stored image) ends up without them.
 */
export function shareTopImageWords(top: ImageRef, blocks: SerializedNode[]): ImageRef {
  const index = blocks.findIndex((b) => isFigure(b) && sameSrc(String(b.image), top.src));
  if (index < 0) return top;
  const figure = blocks[index]!;
  const merged = { ...top };
  for (const key of ['alt', 'caption', 'credit', 'license'] as const) merged[key] = String(figure[key]) || top[key];
  blocks[index] = {
    ...figure,
    alt: merged.alt,
    caption: merged.caption,
    credit: merged.credit,
    license: merged.license,
  };
  return merged;
}
