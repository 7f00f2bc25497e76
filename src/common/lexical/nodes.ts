import type { SerializedNode } from './document';

/**
 * The serialized shape of Lexical's own nodes as Copydesk writes them, as
 * `exportJSON` produces it, with builders so that importers, fixtures and
 * tests make exactly what the editor would. Copydesk's own nodes (figure,
 * citation) have theirs beside their other rules, in `../nodes/`.
 */

/** Lexical's text format bit flags. */
export const TEXT_FORMAT = {
  bold: 1,
  italic: 2,
  strikethrough: 4,
  underline: 8,
  code: 16,
} as const;
export type TextMark = keyof typeof TEXT_FORMAT;

const blockBase = { direction: null, format: '', indent: 0, version: 1 } as const;

export function textNode(text: string, marks: readonly TextMark[] = []): SerializedNode {
  const format = marks.reduce((bits, mark) => bits | TEXT_FORMAT[mark], 0);
  return { type: 'text', version: 1, detail: 0, format, mode: 'normal', style: '', text };
}

export function paragraphNode(children: SerializedNode[]): SerializedNode {
  return { type: 'paragraph', ...blockBase, textFormat: 0, textStyle: '', children };
}

export function headingNode(level: 1 | 2 | 3 | 4 | 5 | 6, children: SerializedNode[]): SerializedNode {
  return { type: 'heading', ...blockBase, tag: `h${level}`, children };
}

export function quoteNode(children: SerializedNode[]): SerializedNode {
  return { type: 'quote', ...blockBase, children };
}

export function listNode(ordered: boolean, items: SerializedNode[][]): SerializedNode {
  return {
    type: 'list',
    ...blockBase,
    listType: ordered ? 'number' : 'bullet',
    start: 1,
    tag: ordered ? 'ol' : 'ul',
    children: items.map((children, i) => ({ type: 'listitem', ...blockBase, value: i + 1, children })),
  };
}

export function linkNode(url: string, children: SerializedNode[]): SerializedNode {
  return { type: 'link', ...blockBase, rel: 'noreferrer', target: null, title: null, url, children };
}

/** A text node from Lexical's format bits directly (importers read bits, not mark names). */
export function formattedTextNode(text: string, format: number): SerializedNode {
  return { type: 'text', version: 1, detail: 0, format, mode: 'normal', style: '', text };
}

export function lineBreakNode(): SerializedNode {
  return { type: 'linebreak', version: 1 };
}

export function horizontalRuleNode(): SerializedNode {
  return { type: 'horizontalrule', version: 1 };
}

/**
 * A list from ready-made item children, numbered the way Lexical numbers
 * them: a nested-list item (one whose only child is a list) shares the value
 * of the item after it, so it does not advance the count.
 */
export function listFromItems(ordered: boolean, start: number, items: SerializedNode[][]): SerializedNode {
  let value = start;
  const children = items.map((children) => {
    const item: SerializedNode = { type: 'listitem', ...blockBase, value, children };
    if (!(children.length === 1 && children[0]!.type === 'list')) value++;
    return item;
  });
  return {
    type: 'list',
    ...blockBase,
    listType: ordered ? 'number' : 'bullet',
    start,
    tag: ordered ? 'ol' : 'ul',
    children,
  };
}

/** A link with an optional title (Lexical keeps null for none). */
export function titledLinkNode(url: string, title: string | null, children: SerializedNode[]): SerializedNode {
  return { ...linkNode(url, children), title };
}
