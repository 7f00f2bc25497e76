import { isWebUrl } from '../../domain';
import type { LexicalDocument, SerializedNode } from '../../lexical/document';
import { formattedTextNode, paragraphNode, titledLinkNode } from '../../lexical/nodes';
import { isFigure } from './figureJson';

/**
 * An imported figure carries its `src` as the file wrote it until its image
 * is in the store. Apart from figureJson.ts, which the document model
 * imports: the domain's schemas import the document model.
 */

/** Replaces each figure's `src` with what `resolve` returns; null turns the figure into a link to where it was. */
export function resolveFigureImages(doc: LexicalDocument, resolve: (src: string) => string | null): LexicalDocument {
  const map = (nodes: readonly SerializedNode[]): SerializedNode[] =>
    nodes.map((node) => {
      if (isFigure(node)) {
        const src = String(node.image);
        const id = resolve(src);
        if (id !== null) return { ...node, image: id };
        const label = String(node.alt) || String(node.caption) || src;
        return paragraphNode(
          isWebUrl(src) ? [titledLinkNode(src, null, [formattedTextNode(label, 0)])] : [formattedTextNode(label, 0)],
        );
      }
      return node.children ? { ...node, children: map(node.children) } : node;
    });
  return { root: { ...doc.root, children: map(doc.root.children) } };
}
