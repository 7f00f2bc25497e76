import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import type { SaveController } from '../saveController';

/**
 * Tells the save controller that the document changed. Selection moves and
 * history merges are not edits. The editor state is not serialised here:
 * the controller asks for it when it is about to save.
 */
export function AutosavePlugin({ controller }: { controller: SaveController }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, prevEditorState, tags }) => {
        if (prevEditorState.isEmpty() || tags.has('history-merge')) return;
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
        controller.markDirty();
      }),
    [editor, controller],
  );
  return null;
}
