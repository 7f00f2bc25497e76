import type { LexicalDocument, SerializedNode } from './document';

/**
 * Review notes are anchored in the body by Lexical `mark` nodes. They are
 * the desk's business, never the reader's: every export and publish reads
 * the body through this, which puts each mark's words back in its place.
 */
export function withoutReviewMarks(doc: LexicalDocument): LexicalDocument {
  return { ...doc, root: { ...doc.root, children: unwrap(doc.root.children) } };
}

function unwrap(nodes: readonly SerializedNode[]): SerializedNode[] {
  const out: SerializedNode[] = [];
  for (const node of nodes) {
    if (node.type === 'mark') out.push(...unwrap(node.children ?? []));
    else if (node.children) out.push({ ...node, children: unwrap(node.children) });
    else out.push(node);
  }
  return out;
}
