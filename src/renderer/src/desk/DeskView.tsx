import { useEffect, useState } from 'react';
import { TeamDeskBoard } from '../newsroom/TeamDeskBoard';
import { useNewsroom } from '../newsroom/newsroomStore';
import { DeskModeSwitch, type DeskMode } from './DeskModeSwitch';
import { LocalDesk } from './LocalDesk';

/** The mode last chosen, kept while the app runs: leaving the Desk and coming back finds it as it was. */
let chosen: DeskMode | null = null;

/**
 * The Desk: this computer's pieces by status and, once it has joined a
 * newsroom's desk, the team's board as the server has it (shown first, since
 * that is where a newsroom's day runs).
 */
export function DeskView() {
  const joined = useNewsroom((s) => Boolean(s.status?.connection));
  const [mode, setMode] = useState<DeskMode>(chosen ?? 'team');

  useEffect(() => {
    void useNewsroom
      .getState()
      .loadStatus()
      .catch(() => undefined);
  }, []);

  const change = (next: DeskMode): void => {
    chosen = next;
    setMode(next);
  };
  if (!joined) return <LocalDesk modeSwitch={null} />;
  const modeSwitch = <DeskModeSwitch mode={mode} onChange={change} />;
  return mode === 'team' ? <TeamDeskBoard modeSwitch={modeSwitch} /> : <LocalDesk modeSwitch={modeSwitch} />;
}
