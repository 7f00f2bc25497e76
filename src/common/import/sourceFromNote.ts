import { LIMITS, type Source } from '../domain';

/**
 * A footnote that is not one of the piece's own sources becomes a source:
 * its words (less the address, which goes in `url`) as the outlet, so that
 * exporting it again writes the same footnote text.
 */
export function sourceFromNote(id: string, text: string, url: string): Source {
  const words = (url ? text.split(url).join(' ') : text)
    .replace(/\s+/g, ' ')
    .replace(/[\s,;:.]+$/, '')
    .replace(/^[\s,;:.]+/, '')
    .trim();
  return { id, outlet: words.slice(0, LIMITS.sourceField), title: '', url, author: '', published: '', accessed: '', notes: '' };
}
