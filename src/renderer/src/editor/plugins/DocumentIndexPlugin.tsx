import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $isMarkNode, MarkNode } from '@lexical/mark';
import { $getRoot, $isElementNode, type LexicalNode, type NodeKey } from 'lexical';
import { useEffect } from 'react';
import { $isCitationNode } from '../../../../common/nodes/citation/CitationNode';
import { $isFigureNode } from '../../../../common/nodes/figure/FigureNode';
import { CitationNode } from '../nodes/CitationNode';
import { FigureNode } from '../nodes/FigureNode';
import { useOpenDraft, type FigureEntry } from '../openDraftStore';

/**
 * Keeps the citation order, the figures and the review marks in step with
 * the text. It walks the document only when one of them was added,
 * changed or removed — never on an ordinary keystroke.
 */
export function DocumentIndexPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const reindex = (): void =>
      editor.getEditorState().read(() => {
        const order: string[] = [];
        const counts: Record<string, number> = {};
        const figures: FigureEntry[] = [];
        const marks: Record<string, NodeKey[]> = {};
        const visit = (node: LexicalNode): void => {
          if ($isMarkNode(node)) {
            for (const id of node.getIDs()) (marks[id] ??= []).push(node.getKey());
          }
          if ($isCitationNode(node)) {
            const id = node.getSourceId();
            counts[id] = (counts[id] ?? 0) + 1;
            if (counts[id] === 1) order.push(id);
          } else if ($isFigureNode(node)) {
            figures.push({ key: node.getKey(), ...node.getFields() });
          } else if ($isElementNode(node)) {
            node.getChildren().forEach(visit);
          }
        };
        visit($getRoot());
        useOpenDraft.getState().setCitations(order, counts);
        useOpenDraft.getState().setFigures(figures);
        useOpenDraft.getState().setMarkKeys(marks);
      });
    reindex();
    const unregisterCitations = editor.registerMutationListener(CitationNode, reindex, { skipInitialization: true });
    const unregisterFigures = editor.registerMutationListener(FigureNode, reindex, { skipInitialization: true });
    const unregisterMarks = editor.registerMutationListener(MarkNode, reindex, { skipInitialization: true });
    return () => {
      unregisterCitations();
      unregisterFigures();
      unregisterMarks();
    };
  }, [editor]);
  return null;
}
