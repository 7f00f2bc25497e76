import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $insertNodeToNearestRoot, mergeRegister } from '@lexical/utils';
import {
  $createParagraphNode,
  $getNodeByKey,
  $getRoot,
  $getSelection,
  $isNodeSelection,
  $isParagraphNode,
  $isRangeSelection,
  COMMAND_PRIORITY_EDITOR,
  COMMAND_PRIORITY_HIGH,
  DROP_COMMAND,
  KEY_DOWN_COMMAND,
  PASTE_COMMAND,
  type LexicalEditor,
  type ParagraphNode,
} from 'lexical';
import { useEffect } from 'react';
import { INSERT_FIGURE_COMMAND } from '../commands';
import { insertImageFiles } from '../insertImageFiles';
import { $isFigureNode } from '../../../../common/nodes/figure/FigureNode';
import { $createFigureNode } from '../nodes/FigureNode';

/**
 * A key pressed while a figure is selected (its picture clicked) goes into a
 * new paragraph after it, as in Ghost's editor: a character is typed there,
 * Enter only opens it. Without this the keystrokes would vanish, since a
 * selected figure has no caret.
 */
function typeAfterSelectedFigure(editor: LexicalEditor, event: KeyboardEvent): boolean {
  const printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
  if (!printable && event.key !== 'Enter') return false;
  const figureKey = editor.getEditorState().read(() => {
    const selection = $getSelection();
    const nodes = $isNodeSelection(selection) ? selection.getNodes() : [];
    return nodes.length === 1 && $isFigureNode(nodes[0]) ? nodes[0].getKey() : null;
  });
  if (figureKey === null) return false;
  event.preventDefault();
  editor.update(() => {
    const figure = $getNodeByKey(figureKey);
    if (!figure) return;
    const paragraph = $createParagraphNode();
    figure.insertAfter(paragraph);
    paragraph.select();
    if (printable) $getSelection()?.insertText(event.key);
  });
  return true;
}

/** The empty top-level paragraph the caret is on, if it is on one. */
function $emptyLineAtCaret(): ParagraphNode | null {
  const selection = $getSelection();
  if (!$isRangeSelection(selection) || !selection.isCollapsed()) return null;
  const line = selection.anchor.getNode();
  return $isParagraphNode(line) && line.isEmpty() && line.getParent()?.is($getRoot()) ? line : null;
}

function imageFiles(data: DataTransfer | null): File[] {
  return data
    ? Array.from(data.files).filter((f) => f.type.startsWith('image/') || /\.(png|jpe?g|gif|webp)$/i.test(f.name))
    : [];
}

/**
 * Figures come in through the toolbar, a drop or a paste. Every file goes
 * through the store's import, which checks its bytes; a file that is not a
 * real image gets the store's message and nothing is inserted.
 */
export function FigurePlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const takeFiles = (
      event: DragEvent | ClipboardEvent | KeyboardEvent | InputEvent | null,
      data: DataTransfer | null,
    ): boolean => {
      const files = imageFiles(data);
      if (files.length === 0) return false;
      event?.preventDefault();
      void insertImageFiles(editor, files);
      return true;
    };
    return mergeRegister(
      editor.registerCommand(
        INSERT_FIGURE_COMMAND,
        (fields) => {
          const figure = $createFigureNode(fields);
          // On an empty line the figure goes above it and the caret stays there, so several come in in order.
          const line = $emptyLineAtCaret();
          if (line) line.insertBefore(figure);
          else $insertNodeToNearestRoot(figure);
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        KEY_DOWN_COMMAND,
        (event) => typeAfterSelectedFigure(editor, event),
        COMMAND_PRIORITY_HIGH,
      ),
      editor.registerCommand(DROP_COMMAND, (event) => takeFiles(event, event.dataTransfer), COMMAND_PRIORITY_HIGH),
      editor.registerCommand(
        PASTE_COMMAND,
        (event) => takeFiles(event, event instanceof ClipboardEvent ? event.clipboardData : null),
        COMMAND_PRIORITY_HIGH,
      ),
    );
  }, [editor]);
  return null;
}
