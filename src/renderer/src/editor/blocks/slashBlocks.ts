import { matchScore } from '../../palette/paletteFilter';

/** A block the `/` inserter offers; `keywords` let a writer find it by another name ("/image" finds Figure). */
export interface SlashBlock {
  id: 'h2' | 'h3' | 'bullet' | 'number' | 'quote' | 'figure' | 'divider' | 'citation';
  label: string;
  keywords: string;
}

/** In the order the menu lists them with nothing typed after the `/`. */
export const SLASH_BLOCKS: readonly SlashBlock[] = [
  { id: 'h2', label: 'Heading 2', keywords: 'title subheading h2' },
  { id: 'h3', label: 'Heading 3', keywords: 'subheading h3' },
  { id: 'bullet', label: 'Bulleted list', keywords: 'unordered ul' },
  { id: 'number', label: 'Numbered list', keywords: 'ordered ol' },
  { id: 'quote', label: 'Quote', keywords: 'blockquote pull' },
  { id: 'figure', label: 'Figure', keywords: 'image picture photo' },
  { id: 'divider', label: 'Divider', keywords: 'horizontal rule hr line separator' },
  { id: 'citation', label: 'Citation', keywords: 'cite source footnote reference' },
];

/** The longest query the menu follows: past it the writer is writing a sentence, not choosing a block. */
const MAX_QUERY = 24;

/**
 * What the writer typed after the `/` when a paragraph's whole text asks for
 * the menu ("/quo" → "quo"), or null: a paragraph that does not start with
 * `/`, holds a second `/` (a path, "and/or"), or runs on too long.
 */
export function slashQuery(text: string): string | null {
  if (!text.startsWith('/')) return null;
  const query = text.slice(1);
  if (query.length > MAX_QUERY || /[/\n]/.test(query) || query.startsWith(' ')) return null;
  return query;
}

/** The palette's score of 1 or less: the query starts the name, or each word starts one of its words. */
const WORD_MATCH = 1;

/**
 * The blocks that fit the query, best first: by their name, or less well by
 * their keywords, with the palette's matching held to whole word starts
 * (its looser letters-in-order match would offer Quote for "/bul").
 */
export function filterSlashBlocks(query: string): SlashBlock[] {
  const scored: Array<{ block: SlashBlock; score: number }> = [];
  for (const block of SLASH_BLOCKS) {
    const byName = matchScore(block.label, query);
    const byKeyword = matchScore(block.keywords, query);
    if (byName !== null && byName <= WORD_MATCH) scored.push({ block, score: byName });
    else if (byKeyword !== null && byKeyword <= WORD_MATCH) scored.push({ block, score: WORD_MATCH + 1 + byKeyword });
  }
  // A stable sort: equal matches keep the menu's order.
  return scored.sort((a, b) => a.score - b.score).map((s) => s.block);
}
