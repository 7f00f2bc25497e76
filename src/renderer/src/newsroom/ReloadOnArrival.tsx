import { useEffect } from 'react';
import { api } from '../api';
import type { SaveController } from '../editor/saveController';

/**
 * Colleagues' edits to a shared piece arrive through the desk while it is
 * open: an unedited copy reloads to show them; with edits of its own, the
 * next save meets them as a conflict, and either side stays in the history.
 */
export function ReloadOnArrival({
  draftId,
  controller,
  onReload,
}: {
  draftId: string;
  controller: SaveController;
  onReload: () => void;
}) {
  useEffect(
    () =>
      api().events.subscribe((event) => {
        if (event.type !== 'draft.saved' || event.id !== draftId || event.version <= controller.currentVersion) return;
        if (!controller.isDirty) onReload();
      }),
    [draftId, controller, onReload],
  );
  return null;
}
