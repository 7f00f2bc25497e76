import type { LexicalDocument, SerializedNode } from '../../lexical/document';

/**
 * A figure as saved JSON: the shape the editor's `exportJSON` writes, the
 * builder importers and tests use, and the readers every other room uses.
 */

export const FIGURE_TYPE = 'figure';

/** A figure: an image from the store with the words that travel with it. */
export interface FigureFields {
  image: string;
  alt: string;
  caption: string;
  credit: string;
  license: string;
}

export function figureNode(fields: FigureFields): SerializedNode {
  return { type: FIGURE_TYPE, version: 1, ...fields };
}

export function isFigure(node: SerializedNode): boolean {
  return node.type === FIGURE_TYPE;
}

/** Saved JSON is untrusted input: every field is read as a string or left empty. */
export function figureFields(node: SerializedNode): FigureFields {
  const text = (key: keyof FigureFields): string => (typeof node[key] === 'string' ? node[key] : '');
  return {
    image: text('image'),
    alt: text('alt'),
    caption: text('caption'),
    credit: text('credit'),
    license: text('license'),
  };
}

/** Every figure in reading order. */
export function figuresOf(doc: LexicalDocument): FigureFields[] {
  const out: FigureFields[] = [];
  const walk = (nodes: readonly SerializedNode[]) => {
    for (const node of nodes) {
      if (isFigure(node)) out.push(figureFields(node));
      if (node.children) walk(node.children);
    }
  };
  walk(doc.root.children);
  return out;
}

/** The images a piece shows: the top image first, then each figure's, each once. */
export function imageIdsOf(body: LexicalDocument, topImage: string | null): string[] {
  const ids = new Set<string>(topImage ? [topImage] : []);
  for (const figure of figuresOf(body)) if (figure.image) ids.add(figure.image);
  return [...ids];
}

/** What a figure adds to the piece's plain text: caption and credit, so search finds a piece by its photo credit. */
export function figurePlainText(node: SerializedNode): string {
  const { caption, credit } = figureFields(node);
  return [caption, credit].filter((part) => part.length > 0).join(' ');
}
