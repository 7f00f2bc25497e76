import { describe, expect, it } from 'vitest';
import { cleanPastedUrl, dropsElement, keptAttributes } from '../../src/renderer/src/editor/pasteSafety';

/** What survives a paste into the editor: the decisions the DOM cleaner applies, given plain values. */

describe('a pasted link address', () => {
  it('keeps web and mail addresses without the tracking parameters', () => {
    expect(cleanPastedUrl('https://example.com/story?utm_source=nl&utm_medium=email&id=7&fbclid=abc')).toBe(
      'https://example.com/story?id=7',
    );
    expect(
      cleanPastedUrl(
        '  http://example.com/a?gclid=1&mc_cid=2&mc_eid=3&igshid=4&_hsenc=5&_hsmi=6&mkt_tok=7&ref_src=8&cmpid=9&dclid=10  ',
      ),
    ).toBe('http://example.com/a');
    expect(cleanPastedUrl('https://example.com/?UTM_Campaign=x&page=2')).toBe('https://example.com/?page=2');
    expect(cleanPastedUrl('https://example.com/#utm_source=kept-in-the-fragment')).toBe(
      'https://example.com/#utm_source=kept-in-the-fragment',
    );
    expect(cleanPastedUrl('mailto:desk@example.com?subject=Hi')).toBe('mailto:desk@example.com?subject=Hi');
    // A parameter that merely starts like a tracker is the page's own.
    expect(cleanPastedUrl('https://example.com/?utmost=1&referrer=2')).toBe('https://example.com/?utmost=1&referrer=2');
  });

  it('drops any other kind of address', () => {
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'vbscript:x',
      'copydesk-image://abc',
      'blob:https://e.com/1',
      '',
      'not a url',
      '/relative/path',
    ]) {
      expect(cleanPastedUrl(url), url).toBeNull();
    }
  });
});

describe('a pasted element', () => {
  it('goes, content and all, when it could run or load anything or is not text', () => {
    for (const tag of [
      'SCRIPT',
      'style',
      'IFRAME',
      'object',
      'EMBED',
      'link',
      'meta',
      'svg',
      'math',
      'FORM',
      'input',
      'button',
      'textarea',
      'IMG',
      'picture',
      'video',
      'audio',
      'canvas',
      'template',
      'noscript',
      'base',
    ]) {
      expect(dropsElement(tag), tag).toBe(true);
    }
    for (const tag of [
      'P',
      'a',
      'STRONG',
      'em',
      'B',
      'i',
      'u',
      's',
      'SPAN',
      'div',
      'H2',
      'ul',
      'OL',
      'li',
      'blockquote',
      'sup',
      'sub',
      'br',
      'table',
      'td',
    ]) {
      expect(dropsElement(tag), tag).toBe(false);
    }
  });

  it('keeps a cleaned link address and nothing else of a link', () => {
    expect(
      keptAttributes({ tagName: 'A', href: 'https://example.com/x?utm_source=a', id: 'anchor', style: [] }),
    ).toEqual([['href', 'https://example.com/x']]);
    expect(keptAttributes({ tagName: 'A', href: 'javascript:alert(1)', id: '', style: [] })).toEqual([]);
    expect(keptAttributes({ tagName: 'A', href: null, id: '', style: [] })).toEqual([]);
    // Only links carry an address.
    expect(keptAttributes({ tagName: 'SPAN', href: 'https://example.com/', id: '', style: [] })).toEqual([]);
  });

  it('keeps only the style that marks text, and Google Docs’ wrapper id', () => {
    const style = [
      ['font-weight', '700'],
      ['color', 'red'],
      ['font-style', 'italic'],
      ['background-image', 'url(https://tracker.example/pixel.gif)'],
      ['text-decoration-line', 'line-through'],
      ['vertical-align', 'super'],
      ['position', 'fixed'],
    ] as const;
    expect(keptAttributes({ tagName: 'SPAN', href: null, id: 'x', style })).toEqual([
      ['style', 'font-weight: 700; font-style: italic; text-decoration-line: line-through; vertical-align: super'],
    ]);
    expect(
      keptAttributes({ tagName: 'B', href: null, id: 'docs-internal-guid-1234', style: [['font-weight', 'normal']] }),
    ).toEqual([
      ['style', 'font-weight: normal'],
      ['id', 'docs-internal-guid-1234'],
    ]);
    expect(keptAttributes({ tagName: 'P', href: null, id: 'intro', style: [['color', 'red']] })).toEqual([]);
  });
});
