import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getSelection, $insertNodes, $isRangeSelection, COMMAND_PRIORITY_EDITOR } from 'lexical';
import { useEffect } from 'react';
import { INSERT_CITATION_COMMAND } from '../commands';
import { $createCitationNode } from '../nodes/CitationNode';

/** Inserts a citation of a source where the cursor is (from the sources list or the toolbar). */
export function CitationPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerCommand(
        INSERT_CITATION_COMMAND,
        (sourceId) => {
          const selection = $getSelection();
          if (!$isRangeSelection(selection)) return false;
          // Cite after the selected words, never in place of them.
          if (!selection.isCollapsed()) {
            const end = selection.isBackward() ? selection.anchor : selection.focus;
            selection.anchor.set(end.key, end.offset, end.type);
          }
          $insertNodes([$createCitationNode(sourceId)]);
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
    [editor],
  );
  return null;
}
