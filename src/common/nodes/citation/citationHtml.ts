import { isWebUrl, type Source } from '../../domain';
import type { SerializedNode } from '../../lexical/document';
import { escapeHtml } from '../../export/htmlEscape';
import { isElement, textOf, type DomNode } from '../../import/dom';
import { sourceFromNote } from '../../import/sourceFromNote';
import { citationNode, citedSource } from './citationJson';
import { footnoteParts, type Footnote } from './footnotes';

/**
 * Citations in HTML, both ways: each is a numbered `<sup>` link to a
 * footnote in a closing list, each source's title in `cite`; reading, Word's
 * footnotes (as mammoth writes them) and our own become sources.
 */

/** Writes each citation's reference; a source's later citations get ids of their own (`fnref-2-2`), each a back-link target. */
export class CitationRefs {
  private readonly seen = new Map<number, number>();

  constructor(private readonly numbers: ReadonlyMap<string, number>) {}

  /** The reference for a citation node, or nothing for a source without a footnote. */
  html(node: SerializedNode): string {
    const sourceId = citedSource(node);
    const n = sourceId === null ? undefined : this.numbers.get(sourceId);
    if (n === undefined) return '';
    const seen = (this.seen.get(n) ?? 0) + 1;
    this.seen.set(n, seen);
    const id = seen === 1 ? `fnref-${n}` : `fnref-${n}-${seen}`;
    return `<sup class="footnote-ref"><a href="#fn-${n}" id="${id}">${n}</a></sup>`;
  }
}

export function footnoteSection(list: readonly Footnote[]): string {
  const items = list.map(({ number, source }) => {
    const text = footnoteParts(source)
      .map((part) => {
        if (part.kind === 'text') return escapeHtml(part.text);
        if (part.kind === 'title') return `<cite>${escapeHtml(part.text)}</cite>`;
        return `<a href="${escapeHtml(part.url)}">${escapeHtml(part.url)}</a>`;
      })
      .join('');
    return `<li id="fn-${number}"><p>${text} <a href="#fnref-${number}" class="footnote-backref" aria-label="Back to reference ${number}">↩</a></p></li>`;
  });
  return `<section class="footnotes">\n<ol>\n${items.join('\n')}\n</ol>\n</section>`;
}

const NOTE_ID = /^(?:footnote|endnote|fn)-?(\d+)$/;

/** The footnotes of an HTML document, read as sources, and the links to them as citations. */
export class HtmlFootnotes {
  private readonly noteSource = new Map<string, string>();
  readonly sources: Source[] = [];

  /** Every note list item (`id="footnote-1"`, `fn-1`…) under the node becomes a source. */
  collect(node: DomNode): void {
    for (const child of node.children ?? []) {
      const id = child.attribs?.id ?? '';
      if (isElement(child, 'li') && NOTE_ID.test(id)) {
        const links: string[] = [];
        const walk = (n: DomNode) => {
          if (isElement(n, 'a') && n.attribs?.href && isWebUrl(n.attribs.href)) links.push(n.attribs.href);
          (n.children ?? []).forEach(walk);
        };
        walk(child);
        const text = textOf(child)
          .replace(/[↑↩]\uFE0E?/g, '')
          .replace(/\s+/g, ' ')
          .trim();
        const sourceId = `note-${NOTE_ID.exec(id)![1]}`;
        this.noteSource.set(id, sourceId);
        this.sources.push(sourceFromNote(sourceId, text, links[0] ?? ''));
      } else {
        this.collect(child);
      }
    }
  }

  /** A list of notes only: its words are the sources', not body text. */
  isNoteList(node: DomNode): boolean {
    const items = (node.children ?? []).filter((c) => c.type === 'tag');
    return items.length > 0 && items.every((c) => isElement(c, 'li') && this.noteSource.has(c.attribs?.id ?? ''));
  }

  /** A link to a note cites its source; null for any other element. */
  citation(node: DomNode): SerializedNode | null {
    const href = node.attribs?.href ?? '';
    const sourceId = node.name === 'a' && href.startsWith('#') ? this.noteSource.get(href.slice(1)) : undefined;
    return sourceId === undefined ? null : citationNode(sourceId);
  }

  /** The `<sup>` around a link to a note: read through, so the link inside becomes the citation. */
  isReferenceMark(node: DomNode): boolean {
    return (
      node.name === 'sup' &&
      (node.children ?? []).some((c) => isElement(c, 'a') && this.noteSource.has((c.attribs?.href ?? '').slice(1)))
    );
  }
}
