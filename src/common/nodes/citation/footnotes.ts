import type { Source } from '../../domain';
import type { LexicalDocument } from '../../lexical/document';
import { isSafeHref } from '../../export/safeUrl';
import { citedSourceIds } from './citationJson';

/**
 * Citations become numbered footnotes: each cited source gets the number of
 * its first citation in reading order, and every later citation of the same
 * source points at the same footnote. Both exporters number the same way,
 * and the Markdown importer recognises a footnote as one of the piece's
 * sources by the text these parts make.
 */

export interface Footnote {
  number: number;
  source: Source;
}

/** Cited sources in order of first citation; citations of unknown sources are left out. */
export function footnotesOf(
  doc: LexicalDocument,
  sources: readonly Source[],
): { list: Footnote[]; numberOf: Map<string, number> } {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const numberOf = new Map<string, number>();
  const list: Footnote[] = [];
  for (const id of citedSourceIds(doc)) {
    const source = byId.get(id);
    if (source && !numberOf.has(source.id)) {
      numberOf.set(source.id, list.length + 1);
      list.push({ number: list.length + 1, source });
    }
  }
  return { list, numberOf };
}

/** A footnote's words: plain text, the source's title (set as a title), and its address (a link). */
export type FootnotePart =
  { kind: 'text'; text: string } | { kind: 'title'; text: string } | { kind: 'url'; url: string };

/** "Author, Outlet, “Title”, https://… (published 2026-08-20; accessed 2026-08-21)." */
export function footnoteParts(source: Source): FootnotePart[] {
  const parts: FootnotePart[] = [];
  const lead = [source.author, source.outlet].filter((s) => s.length > 0);
  const pushText = (text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += text;
    else parts.push({ kind: 'text', text });
  };
  let first = true;
  const separator = () => {
    if (!first) pushText(', ');
    first = false;
  };
  for (const piece of lead) {
    separator();
    pushText(piece);
  }
  if (source.title) {
    separator();
    pushText('“');
    parts.push({ kind: 'title', text: source.title });
    pushText('”');
  }
  if (source.url) {
    separator();
    // Sources are validated as web addresses on the way in; an export still never writes another kind of link.
    if (isSafeHref(source.url)) parts.push({ kind: 'url', url: source.url });
    else pushText(source.url);
  }
  const dates = [
    source.published && `published ${source.published}`,
    source.accessed && `accessed ${source.accessed}`,
  ].filter(Boolean);
  if (first && dates.length === 0) pushText(`Source ${source.id}`);
  if (dates.length > 0) pushText(`${first ? '' : ' '}(${dates.join('; ')})`);
  pushText('.');
  return parts;
}

/** The footnote as plain text, as a Markdown parser reads it back. */
export function footnotePlainText(source: Source): string {
  return footnoteParts(source)
    .map((p) => (p.kind === 'url' ? p.url : p.text))
    .join('');
}
