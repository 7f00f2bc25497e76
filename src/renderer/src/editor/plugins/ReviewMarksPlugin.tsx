import { $unwrapMarkNode, $wrapSelectionInMarkNode, $isMarkNode } from '@lexical/mark';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import {
  $getNodeByKey,
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_EDITOR,
  createCommand,
  KEY_MODIFIER_COMMAND,
  type LexicalCommand,
} from 'lexical';
import { useEffect } from 'react';
import { useOpenDraft } from '../openDraftStore';
import { useReview } from '../../review/reviewStore';

/** Wraps the selected words in a mark for a new note; the review pane then asks for the note's words. */
export const START_NOTE_COMMAND: LexicalCommand<void> = createCommand('START_NOTE_COMMAND');
/** Removes a note's marks (a note composed and then cancelled). */
export const DROP_NOTE_MARKS_COMMAND: LexicalCommand<string> = createCommand('DROP_NOTE_MARKS_COMMAND');

export function ReviewMarksPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          START_NOTE_COMMAND,
          () => {
            const selection = $getSelection();
            if (!$isRangeSelection(selection) || selection.isCollapsed()) return false;
            const quote = selection.getTextContent();
            const id = crypto.randomUUID();
            $wrapSelectionInMarkNode(selection, selection.isBackward(), id);
            useReview.getState().startNote(id, quote);
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        // Ctrl/Cmd+Alt+M, as in the word processors editors know.
        editor.registerCommand(
          KEY_MODIFIER_COMMAND,
          (event) => {
            if (!(event.ctrlKey || event.metaKey) || !event.altKey || event.code !== 'KeyM') return false;
            event.preventDefault();
            return editor.dispatchCommand(START_NOTE_COMMAND, undefined);
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        editor.registerCommand(
          DROP_NOTE_MARKS_COMMAND,
          (id) => {
            for (const key of useOpenDraft.getState().markKeys[id] ?? []) {
              const node = $getNodeByKey(key);
              if (!$isMarkNode(node)) continue;
              node.deleteID(id);
              if (node.getIDs().length === 0) $unwrapMarkNode(node);
            }
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
      ),
    [editor],
  );

  // Clicking marked words brings their note forward in the pane.
  useEffect(() => {
    const root = editor.getRootElement();
    if (!root) return;
    const onClick = (event: MouseEvent): void => {
      const mark = (event.target as HTMLElement).closest('mark');
      if (!mark) return;
      const markKeys = useOpenDraft.getState().markKeys;
      const id = Object.keys(markKeys).find((noteId) =>
        markKeys[noteId]!.some((key) => editor.getElementByKey(key) === mark),
      );
      if (id) useReview.getState().focusNote(id);
    };
    root.addEventListener('click', onClick);
    return () => root.removeEventListener('click', onClick);
  }, [editor]);
  return null;
}
