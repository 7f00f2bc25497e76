import { describe, expect, it } from 'vitest';
import { filterSlashBlocks, SLASH_BLOCKS, slashQuery } from '../../src/renderer/src/editor/blocks/slashBlocks';

const labels = (query: string): string[] => filterSlashBlocks(query).map((b) => b.label);

describe('the / inserter', () => {
  it('reads the query of a line that is only "/…", and nothing else', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/quo')).toBe('quo');
    expect(slashQuery('/bulleted list')).toBe('bulleted list');
    // Not at the start, a path, a second slash, a space first, or a sentence.
    expect(slashQuery('and/or')).toBeNull();
    expect(slashQuery('/usr/bin')).toBeNull();
    expect(slashQuery('/ then')).toBeNull();
    expect(slashQuery('/this has gone on far too long to be a block')).toBeNull();
    expect(slashQuery('')).toBeNull();
  });

  it('offers every block for "/" alone, in the menu\'s order', () => {
    expect(labels('')).toEqual(SLASH_BLOCKS.map((b) => b.label));
    expect(labels('')).toEqual([
      'Heading 2',
      'Heading 3',
      'Bulleted list',
      'Numbered list',
      'Quote',
      'Figure',
      'Divider',
      'Citation',
    ]);
  });

  it('filters by the start of a name, then by other words for the block', () => {
    expect(labels('quo')).toEqual(['Quote']);
    expect(labels('QUO')).toEqual(['Quote']);
    expect(labels('head')).toEqual(['Heading 2', 'Heading 3']);
    expect(labels('h3')).toEqual(['Heading 3']);
    expect(labels('list')).toEqual(['Bulleted list', 'Numbered list']);
    expect(labels('bul')).toEqual(['Bulleted list']);
    expect(labels('image')).toEqual(['Figure']);
    expect(labels('hr')).toEqual(['Divider']);
    expect(labels('cite')).toEqual(['Citation']);
    // A name's match comes before a keyword's: "h" starts the headings' names and the divider's "hr".
    expect(labels('h')).toEqual(['Heading 2', 'Heading 3', 'Divider']);
    expect(labels('title')).toEqual(['Heading 2']);
    expect(labels('zzz')).toEqual([]);
  });
});
