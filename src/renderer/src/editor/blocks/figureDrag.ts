import type { DragEvent } from 'react';

/** What a figure's drag carries: its node's key in this editor, under a type no file or text drag has. */
export const FIGURE_DRAG_TYPE = 'application/x-copydesk-figure';

/** Starts dragging the figure by its handle, the whole figure shown under the pointer. */
export function startFigureDrag(event: DragEvent<HTMLElement>, editorKey: string, nodeKey: string): void {
  event.dataTransfer.setData(FIGURE_DRAG_TYPE, `${editorKey}/${nodeKey}`);
  event.dataTransfer.effectAllowed = 'move';
  const figure = event.currentTarget.closest('figure');
  if (figure) event.dataTransfer.setDragImage(figure, 24, 24);
}

/** The dragged figure's node key when the drag is one of this editor's figures, else null. */
export function draggedFigure(data: DataTransfer | null, editorKey: string): string | null {
  const value = data?.getData(FIGURE_DRAG_TYPE) ?? '';
  const [editor, node] = value.split('/');
  return editor === editorKey && node ? node : null;
}

/** Whether a drag in progress is a figure's (its data can only be read on the drop). */
export const isFigureDrag = (data: DataTransfer | null): boolean => data?.types.includes(FIGURE_DRAG_TYPE) ?? false;
