/** Which desk the Desk view shows: this computer's pieces, or the team's as the server has them. */
export type DeskMode = 'local' | 'team';

export function DeskModeSwitch({ mode, onChange }: { mode: DeskMode; onChange: (mode: DeskMode) => void }) {
  return (
    <div className="cd-team-filters" role="group" aria-label="Which desk">
      <button
        type="button"
        className="cd-small-button"
        aria-pressed={mode === 'local'}
        onClick={() => onChange('local')}
      >
        This computer
      </button>
      <button type="button" className="cd-small-button" aria-pressed={mode === 'team'} onClick={() => onChange('team')}>
        Team desk
      </button>
    </div>
  );
}
