import { FIGURE_TYPE, figurePlainText, isFigure } from '../nodes/figure/figureJson';

/**
 * The saved Lexical document as plain data: what `editorState.toJSON()`
 * produces and what the store keeps. Nothing here needs a DOM or Lexical.
 */
export interface SerializedNode {
  type: string;
  version?: number;
  children?: SerializedNode[];
  text?: string;
  [key: string]: unknown;
}

export interface LexicalDocument {
  root: SerializedNode & { type: 'root'; children: SerializedNode[] };
}

/** A document of these top-level blocks, its root as the editor writes one. */
export function documentOf(children: SerializedNode[]): LexicalDocument {
  return { root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } };
}

export function emptyDocument(): LexicalDocument {
  return documentOf([
    {
      type: 'paragraph',
      version: 1,
      format: '',
      indent: 0,
      direction: null,
      textFormat: 0,
      textStyle: '',
      children: [],
    },
  ]);
}

const MAX_DEPTH = 64;

/**
 * Checks the shape every Lexical node shares and returns the first problem
 * in words, or null. Deliberately structural: node-specific fields are the
 * editor's business, but a body the editor could not load must never be
 * stored, since the writer would open an empty piece.
 */
export function documentProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'The body must be a Lexical document object.';
  const root = (value as { root?: unknown }).root;
  if (typeof root !== 'object' || root === null) return 'The body has no root node.';
  if ((root as SerializedNode).type !== 'root') return 'The body root node must have type "root".';
  const stack: Array<{ node: unknown; path: string; depth: number }> = [{ node: root, path: 'root', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return `The body is nested more than ${MAX_DEPTH} levels deep at ${path}.`;
    if (typeof node !== 'object' || node === null || Array.isArray(node))
      return `The body node at ${path} is not an object.`;
    const n = node as SerializedNode;
    if (typeof n.type !== 'string' || n.type.length === 0) return `The body node at ${path} has no type.`;
    if (n.text !== undefined && typeof n.text !== 'string')
      return `The text of the body node at ${path} is not a string.`;
    if (n.children !== undefined) {
      if (!Array.isArray(n.children)) return `The children of the body node at ${path} are not a list.`;
      n.children.forEach((child, i) => stack.push({ node: child, path: `${path}.${i}`, depth: depth + 1 }));
    }
  }
  return null;
}

/** Block-level node types: their text is separated by blank lines. */
export const BLOCK_TYPES: ReadonlySet<string> = new Set([
  'paragraph',
  'heading',
  'quote',
  'list',
  'listitem',
  FIGURE_TYPE,
  'code',
  'horizontalrule',
  'table',
  'tablerow',
  'tablecell',
]);

/**
 * Plain text of a document: blocks separated by blank lines, list items by
 * line breaks. Figures contribute their caption and credit so that search
 * finds a piece by its photo credit. Citations contribute nothing: their
 * number is positional, not text.
 */
export function plainText(doc: LexicalDocument): string {
  const blocks: string[] = [];
  collectBlocks(doc.root.children, blocks, true);
  return blocks.join('\n\n');
}

/**
 * The plain text one top-level node contributes, as `plainText` joins it:
 * the blank-line-separated pieces of every top-level node, in order, are
 * the document's plain text.
 */
export function blockTexts(node: SerializedNode): string[] {
  const out: string[] = [];
  collectBlocks([node], out, true);
  return out;
}

/**
 * The body as a reader reads it: the text of its paragraphs, headings,
 * quotes and lists (links' words included), blocks separated by blank lines.
 * Not figures' captions and credits, not citation numbers, not the headline
 * or the dek. Pass a document's top-level nodes, or any run of them.
 */
export function readerText(blocks: readonly SerializedNode[]): string {
  const out: string[] = [];
  collectBlocks(blocks, out, false);
  return out.join('\n\n');
}

/**
 * A piece's word count, the one every screen shows (status bar, library,
 * desk, History): the words of its `readerText`. No word spans two blocks,
 * so the counts of a document's blocks add up to the document's.
 */
export function wordCount(blocks: readonly SerializedNode[]): number {
  return countWords(readerText(blocks));
}

function collectBlocks(nodes: readonly SerializedNode[], out: string[], withFigures: boolean): void {
  for (const node of nodes) {
    if (node.type === 'list') {
      const items: string[] = [];
      for (const item of node.children ?? []) items.push(inlineText(item));
      out.push(items.filter((t) => t.length > 0).join('\n'));
    } else if (isFigure(node)) {
      const text = figurePlainText(node);
      if (withFigures && text.length > 0) out.push(text);
    } else if (node.children && node.children.some((c) => BLOCK_TYPES.has(c.type))) {
      collectBlocks(node.children, out, withFigures);
    } else {
      const text = inlineText(node);
      if (text.length > 0) out.push(text);
    }
  }
}

function inlineText(node: SerializedNode): string {
  if (typeof node.text === 'string') return node.text;
  if (node.type === 'linebreak') return '\n';
  if (node.type === 'tab') return '\t';
  if (!node.children) return '';
  let text = '';
  for (const child of node.children) {
    const part = inlineText(child);
    if (BLOCK_TYPES.has(child.type) && text.length > 0 && part.length > 0) text += '\n';
    text += part;
  }
  return text;
}

/**
 * Words as a reader counts them: runs of letters and digits, with inner
 * apostrophes and hyphens ("didn't", "cross-border") kept in one word.
 */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const nonAsciiWordChar = new Map<number, boolean>();

function isWordChar(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  let known = nonAsciiWordChar.get(code);
  if (known === undefined) {
    known = WORD_CHAR.test(String.fromCodePoint(code));
    nonAsciiWordChar.set(code, known);
  }
  return known;
}

/** Apostrophes and hyphens that keep "don't" and "cease-fire" one word when letters stand on both sides. */
const isJoiner = (code: number): boolean => code === 0x27 || code === 0x2019 || code === 0x2d || code === 0x2010;

/**
 * Words are runs of letters, digits and marks, joined across a single
 * apostrophe or hyphen. A loop over code points rather than a Unicode-class
 * regex: an autosave counts a 10,000-word piece each time, and the regex took
 * ten times as long.
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  let afterJoiner = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    const wordChar = isWordChar(code);
    if (wordChar && !inWord && !afterJoiner) words++;
    afterJoiner = !wordChar && inWord && isJoiner(code);
    inWord = wordChar;
  }
  return words;
}

/** Minutes to read at 230 words a minute, at least one for any text. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / 230));
}
