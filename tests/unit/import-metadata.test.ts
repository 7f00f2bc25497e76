import { describe, expect, test } from 'vitest';
import { importMarkdown } from '../../src/common/import/markdown';
import type { SerializedNode } from '../../src/common/lexical/document';

/**
 * What a newsroom's archive carries besides its text: dates, credit lines,
 * citations, the top image's words and links written as raw HTML. Each is
 * read from the shapes real Hugo/Jekyll archives and wire captions use.
 */

function links(nodes: readonly SerializedNode[]): Array<{ url: unknown; text: string }> {
  const out: Array<{ url: unknown; text: string }> = [];
  const text = (n: SerializedNode): string => (typeof n.text === 'string' ? n.text : (n.children ?? []).map(text).join(''));
  const walk = (list: readonly SerializedNode[]) => {
    for (const n of list) {
      if (n.type === 'link') out.push({ url: n.url, text: text(n) });
      else if (n.children) walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

describe('raw HTML links inside Markdown', () => {
  test('a safe link keeps its target; an unsafe one keeps only its words', () => {
    const piece = importMarkdown(
      'See <a href="https://example.com/a?b=1&amp;c=2" title="The report">the <em>report</em></a>, ' +
        'mail <a href=\'mailto:desk@example.org\'>the desk</a> and <a href="javascript:alert(1)">this</a>.\n',
    );
    expect(links(piece.body.root.children)).toEqual([
      { url: 'https://example.com/a?b=1&c=2', text: 'the report' },
      { url: 'mailto:desk@example.org', text: 'the desk' },
    ]);
    const paragraph = piece.body.root.children[0]!;
    const all = JSON.stringify(paragraph);
    expect(all).toContain('"text":" and this."');
    expect(all).not.toContain('javascript');
    // The emphasis inside the link is kept as a mark.
    expect(all).toContain('"format":2,"mode":"normal","style":"","text":"report"');
  });
});
