import type * as Md from 'mdast';
import { isWebUrl, type Source } from '../../domain';
import { characterReference, escapeInlineText, linkDestination } from '../../export/markdownInline';
import { plainTextOf } from '../../import/mdast';
import { sourceFromNote } from '../../import/sourceFromNote';
import { footnoteParts, footnotePlainText, type Footnote } from './footnotes';

/**
 * Citations in Markdown, both ways: GFM footnotes, `[^1]` in the text and
 * `[^1]: Author, Outlet, “Title”, https://…` after it; reading, a footnote
 * is one of the piece's sources when its text is what we would write.
 */

/** A citation's reference to its footnote. */
export function footnoteReference(n: number): string {
  return `[^${n}]`;
}

export function footnoteDefinition(note: Footnote): string {
  return `[^${note.number}]: ${footnoteMarkdown(note.source)}`;
}

function footnoteMarkdown(source: Source): string {
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

/**
 * The source each footnote cites, matched in order of first reference: one
 * of the piece's own whose footnote reads the same, else a new source read
 * from the note (`extra`).
 */
export function footnoteSources(
  definitions: ReadonlyMap<string, Md.FootnoteDefinition>,
  references: readonly string[],
  sources: readonly Source[],
): { citationOf: Map<string, string>; extra: Source[] } {
  const citationOf = new Map<string, string>();
  const extra: Source[] = [];
  const unused = [...sources];
  const ids = new Set(sources.map((s) => s.id));
  const order = [...new Set([...references.filter((r) => definitions.has(r)), ...definitions.keys()])];
  for (const identifier of order) {
    const definition = definitions.get(identifier)!;
    const text = plainTextOf(definition).replace(/\s+/g, ' ').trim();
    const match = unused.findIndex((s) => footnotePlainText(s) === text);
    if (match >= 0) {
      citationOf.set(identifier, unused[match]!.id);
      unused.splice(match, 1);
      continue;
    }
    let id = `fn-${identifier.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60)}`;
    while (ids.has(id)) id = `${id}-1`;
    ids.add(id);
    extra.push(sourceFromNote(id, text, firstWebLink(definition)));
    citationOf.set(identifier, id);
  }
  return { citationOf, extra };
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
