import type { SerializedNode } from '../../lexical/document';
import { escapeHtml } from '../../export/htmlEscape';
import { splitCredit } from '../../import/credit';
import { hasClass, isElement, textOf, type DomNode } from '../../import/dom';
import { figureNode, type FigureFields } from './figureJson';

/**
 * A figure in HTML, both ways: `<figure>` with the image, then a
 * `<figcaption>` holding the caption and the credit in
 * `<small class="credit">` (one space between them when both are there).
 */

function figureElement(fields: FigureFields, src: string, text: (s: string) => string, attributes: string): string {
  const { alt, caption, credit } = fields;
  const lines = [`<figure${attributes}>`, `<img src="${text(src)}" alt="${text(alt)}">`];
  if (caption || credit) {
    const creditHtml = credit ? `<small class="credit">${text(credit)}</small>` : '';
    lines.push(`<figcaption>${text(caption)}${caption && credit ? ' ' : ''}${creditHtml}</figcaption>`);
  }
  lines.push('</figure>');
  return lines.join('\n');
}

/** The HTML export's figure, its license in `data-license`. */
export function figureHtml(fields: FigureFields, src: string): string {
  return figureElement(fields, src, escapeHtml, fields.license ? ` data-license="${escapeHtml(fields.license)}"` : '');
}

/**
 * A figure as an HTML block inside Markdown: newlines in the words are
 * references, since a blank line would end the block; the license travels
 * in the front matter.
 */
export function figureHtmlBlock(fields: FigureFields, href: string): string {
  return figureElement(fields, href, (s) => escapeHtml(s).replace(/\r?\n|\r/g, '&#10;'), '');
}

/** A `<figure>` element, ours or another's: the first image, and the words of the first figcaption. */
export function figureFromHtml(node: DomNode): SerializedNode {
  let img: DomNode | undefined;
  let caption: DomNode | undefined;
  const walk = (n: DomNode) => {
    if (!img && isElement(n, 'img')) img = n;
    else if (!caption && isElement(n, 'figcaption')) caption = n;
    else (n.children ?? []).forEach(walk);
  };
  walk(node);
  let captionText = '';
  let credit = '';
  if (caption) {
    const creditNode = (caption.children ?? []).find((c) => isElement(c, 'small') && hasClass(c, 'credit'));
    credit = creditNode ? textOf(creditNode) : '';
    captionText = (caption.children ?? [])
      .filter((c) => c !== creditNode)
      .map(textOf)
      .join('');
    // The exporter puts one space between caption and credit.
    if (creditNode && captionText.endsWith(' ')) captionText = captionText.slice(0, -1);
  }
  return figureNode({
    image: img?.attribs?.src ?? '',
    alt: img?.attribs?.alt ?? '',
    ...splitCredit({ caption: captionText, credit }),
    license: node.attribs?.['data-license'] ?? '',
  });
}

/** A bare `<img>`: its title is the caption, with any credit line split off. */
export function figureFromImg(node: DomNode): SerializedNode {
  return figureNode({
    image: node.attribs?.src ?? '',
    alt: node.attribs?.alt ?? '',
    ...splitCredit({ caption: node.attribs?.title ?? '', credit: '' }),
    license: '',
  });
}
