import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import {
  $createNodeSelection,
  $getNodeByKey,
  $getRoot,
  $setSelection,
  COMMAND_PRIORITY_HIGH,
  DRAGEND_COMMAND,
  DRAGOVER_COMMAND,
  DROP_COMMAND,
  type LexicalEditor,
} from 'lexical';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { $isFigureNode } from '../../../../common/nodes/figure/FigureNode';
import { dropGap, gapLine, type Extent } from '../blocks/dropGap';
import { draggedFigure, isFigureDrag } from '../blocks/figureDrag';
import '../blocks/blocks.css';

interface Line {
  top: number;
  left: number;
  width: number;
}

/** The top-level blocks' extents on screen, in document order (commands run inside the editor's update). */
function $blockExtents(editor: LexicalEditor): Extent[] {
  return $getRoot()
    .getChildrenKeys()
    .map((key) => editor.getElementByKey(key)?.getBoundingClientRect() ?? { top: 0, bottom: 0 });
}

/**
 * A figure dragged by its handle (FigureView) and dropped between blocks
 * moves there: the same node, so its caption, credit, alt and license go
 * with it, in one undo step. A line shows where it will land. Drops of image
 * files from the system are FigurePlugin's, and go on as before.
 */
export function FigureDragPlugin() {
  const [editor] = useLexicalComposerContext();
  const [line, setLine] = useState<Line | null>(null);

  useEffect(() => {
    const $gapAt = (event: DragEvent): { gap: number; line: Line } | null => {
      const root = editor.getRootElement();
      if (!root) return null;
      const blocks = $blockExtents(editor);
      const gap = dropGap(blocks, event.clientY);
      const box = root.getBoundingClientRect();
      return { gap, line: { top: gapLine(blocks, gap), left: box.left, width: box.width } };
    };
    let listening: HTMLElement | null = null;
    // Leaving each block inside the text fires dragleave too (with no relatedTarget in Chromium): only leaving the text's box hides the line.
    const onRootLeave = (event: globalThis.DragEvent): void => {
      const box = editor.getRootElement()?.getBoundingClientRect();
      const { clientX: x, clientY: y } = event;
      if (!box || x <= box.left || x >= box.right || y <= box.top || y >= box.bottom) setLine(null);
    };
    return mergeRegister(
      editor.registerCommand(
        DRAGOVER_COMMAND,
        (event) => {
          if (!isFigureDrag(event.dataTransfer)) return false;
          event.preventDefault();
          if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
          setLine($gapAt(event)?.line ?? null);
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
      editor.registerCommand(
        DROP_COMMAND,
        (event) => {
          if (!isFigureDrag(event.dataTransfer)) return false;
          event.preventDefault();
          setLine(null);
          const key = draggedFigure(event.dataTransfer, editor.getKey());
          const at = $gapAt(event);
          if (key === null || at === null) return true;
          const figure = $getNodeByKey(key);
          const blocks = $getRoot().getChildren();
          if (!$isFigureNode(figure) || blocks.length === 0) return true;
          const before = blocks[at.gap];
          if (before?.is(figure) || blocks[at.gap - 1]?.is(figure)) return true;
          if (before) before.insertBefore(figure);
          else blocks.at(-1)!.insertAfter(figure);
          const selection = $createNodeSelection();
          selection.add(figure.getKey());
          $setSelection(selection);
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
      editor.registerCommand(DRAGEND_COMMAND, () => (setLine(null), false), COMMAND_PRIORITY_HIGH),
      editor.registerRootListener((root) => {
        listening?.removeEventListener('dragleave', onRootLeave);
        listening = root;
        root?.addEventListener('dragleave', onRootLeave);
      }),
      () => listening?.removeEventListener('dragleave', onRootLeave),
    );
  }, [editor]);

  if (!line) return null;
  return createPortal(
    <div
      className="cd-drop-line"
      aria-hidden="true"
      style={{ top: line.top - 1, left: line.left, width: line.width }}
    />,
    document.body,
  );
}
