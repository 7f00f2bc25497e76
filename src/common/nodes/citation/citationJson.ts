import type { LexicalDocument, SerializedNode } from '../../lexical/document';

/**
 * A citation as saved JSON: an inline node that points at one of the
 * piece's sources by id; its footnote number is positional, not stored.
 */

export const CITATION_TYPE = 'citation';

export function citationNode(sourceId: string): SerializedNode {
  return { type: CITATION_TYPE, version: 1, sourceId };
}

export function isCitation(node: SerializedNode): boolean {
  return node.type === CITATION_TYPE;
}

/** The source a node cites, or null when it is not a citation (or names no source). */
export function citedSource(node: SerializedNode): string | null {
  return isCitation(node) && typeof node.sourceId === 'string' ? node.sourceId : null;
}

/** Every citation's source id in reading order ('' for one that names none). */
export function citedSourceIds(doc: LexicalDocument): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly SerializedNode[]) => {
    for (const node of nodes) {
      if (isCitation(node)) out.push(typeof node.sourceId === 'string' ? node.sourceId : '');
      if (node.children) walk(node.children);
    }
  };
  walk(doc.root.children);
  return out;
}
