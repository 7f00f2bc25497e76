import { useEffect } from 'react';
import { api } from '../api';
import { useNotices } from '../shell/notices';
import { useNewsroom } from './newsroomStore';

/** Tells the person when a piece they hold was taken off the desk, or put back on it, wherever they are in the app. */
export function DeskNotices() {
  useEffect(
    () =>
      api().events.subscribe((event) => {
        if (event.type !== 'desk.unshared' && event.type !== 'desk.reshared') return;
        const headline = event.headline || 'Untitled';
        useNotices.getState().push(
          {
            kind: 'info',
            message:
              event.type === 'desk.unshared'
                ? `“${headline}” was taken off the desk. Your copy stays on this computer as a local piece.`
                : `“${headline}” is on the desk again. Your copy follows it again, with the changes you made meanwhile.`,
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
