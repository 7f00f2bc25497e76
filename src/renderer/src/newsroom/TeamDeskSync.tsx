import { useEffect } from 'react';
import { api } from '../api';
import { useCheckRules } from '../settings/checkRulesStore';
import { useNewsroom } from './newsroomStore';
import { useTeamDesk } from './teamDeskStore';

/**
 * Keeps the team desk's board and notifications current wherever the person
 * is in the app: read once this computer has joined a desk, and again
 * whenever main says the desk changed (a decision, an answer to a waiting
 * request, a notification) or a piece was taken off it.
 */
export function TeamDeskSync() {
  const desk = useNewsroom((s) =>
    s.status?.connection ? `${s.status.connection.url} ${s.status.connection.user}` : null,
  );

  useEffect(() => {
    void useNewsroom
      .getState()
      .loadStatus()
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    // Not joined: the desk's methods have nothing to say, so they are not asked.
    if (!desk) {
      useTeamDesk.getState().clear();
      return;
    }
    void useTeamDesk.getState().refresh();
    return api().events.subscribe((event) => {
      if (event.type !== 'desk.changed' && event.type !== 'desk.unshared' && event.type !== 'desk.reshared') return;
      void useTeamDesk.getState().refresh();
      // The newsroom's check rules come with the desk's word: the open piece's check follows them.
      if (event.type === 'desk.changed') void useCheckRules.getState().load();
    });
  }, [desk]);
  return null;
}
