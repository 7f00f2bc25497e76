import { useEffect } from 'react';
import { api } from '../../api';
import type { SaveController } from '../saveController';

/**
 * Saves at once when the writer leaves: the window loses focus, the page is
 * hidden or unloaded (a reload: the save is sent before the page goes), or
 * the app asks before closing or quitting (and is told when the save is
 * done, so it never quits with words unsaved).
 */
export function FlushOnLeavePlugin({ controller }: { controller: SaveController }) {
  useEffect(() => {
    const flush = (): void => void controller.flush();
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('blur', flush);
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    const unsubscribe = api().events.subscribe((event) => {
      if (event.type !== 'app.flush-requested') return;
      void controller.flush().finally(() => void api().app.flushed({ requestId: event.requestId }));
    });
    return () => {
      window.removeEventListener('blur', flush);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      unsubscribe();
    };
  }, [controller]);
  return null;
}
