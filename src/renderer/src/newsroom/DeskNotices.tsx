import { useEffect } from 'react';
import { api } from '../api';
import { useNotices } from '../shell/notices';
import { useNewsroom } from './newsroomStore';

/** Tells the person when a piece they hold was taken off the desk, wherever they are in the app. */
export function DeskNotices() {
  useEffect(
    () =>
      api().events.subscribe((event) => {
        if (event.type !== 'desk.unshared') return;
        useNotices.getState().push(
          {
            kind: 'info',
            message: `“${event.headline || 'Untitled'}” was taken off the desk. Your copy stays on this computer as a local piece.`,
          },
          15_000,
        );
        void useNewsroom
          .getState()
          .loadStatus()
          .catch(() => undefined);
      }),
    [],
  );
  return null;
}
