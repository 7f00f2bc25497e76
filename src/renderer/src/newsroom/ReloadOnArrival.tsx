import { useEffect } from 'react';
import { api, unwrap } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import type { SaveController } from '../editor/saveController';

/**
 * Colleagues' edits to a shared piece arrive through the desk while it is
 * open: an unedited copy reloads to show them; with edits of its own, the
 * next save meets them as a conflict, and either side stays in the history.
 * A piece bound live (`live`) already shows their words: it takes on the
 * new version, and their field changes when it has none of its own waiting;
 * taken off the desk, it reopens as a local piece.
 */
export function ReloadOnArrival({
  draftId,
  controller,
  onReload,
  live = false,
}: {
  draftId: string;
  controller: SaveController;
  onReload: () => void;
  live?: boolean;
}) {
  useEffect(() => {
    // Live, what arrives is read at most once at a time: a burst of colleagues' saves costs one more read, not one each.
    let reading = false;
    let again = false;
    const follow = (): void => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      void unwrap(api().drafts.get({ id: draftId }))
        .then((draft) => {
          if (draft.version <= controller.currentVersion) return;
          const fieldsIdle = !controller.isDirty;
          controller.adopt(draft);
          if (fieldsIdle) useOpenDraft.getState().open(draft, controller);
        })
        .catch(() => undefined)
        .finally(() => {
          reading = false;
          if (again) {
            again = false;
            follow();
          }
        });
    };
    return api().events.subscribe((event) => {
      if (live && event.type === 'desk.unshared' && event.draftId === draftId) onReload();
      if (event.type !== 'draft.saved' || event.id !== draftId || event.version <= controller.currentVersion) return;
      if (live) follow();
      else if (!controller.isDirty) onReload();
    });
  }, [draftId, controller, onReload, live]);
  return null;
}
