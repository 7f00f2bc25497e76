import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { commandEnabled, type CommandId } from '../../../common/commands';
import { useOpenDraft } from '../editor/openDraftStore';
import { paletteRows } from './commandRows';
import { useCommandUi } from './commandUi';
import { runCommand } from './dispatcher';
import { filterCommands } from './paletteFilter';
import { currentPlatform } from './platform';
import './palette.css';

const LIST_ID = 'cd-palette-list';
const optionId = (id: CommandId): string => `cd-palette-${id.replace('.', '-')}`;
const ROWS = paletteRows(currentPlatform());

/**
 * Every action on the desk by name (Ctrl/Cmd+Shift+P): type to narrow the
 * list, arrows to choose, Enter to run, Escape to close. A command on the
 * piece is greyed while none is open. The focus returns where it was.
 */
export function CommandPalette() {
  const close = useCommandUi((s) => s.close);
  const pieceOpen = useOpenDraft((s) => s.draftId !== null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const rows = useMemo(() => filterCommands(ROWS, query), [query]);
  const at = Math.min(active, rows.length - 1);
  const current = rows[at];

  useEffect(() => {
    if (current) document.getElementById(optionId(current.id))?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const run = (id: CommandId): void => {
    if (!commandEnabled(id, { pieceOpen })) return;
    // The focus goes back first, so the command acts where the writer was (the text's selection, the find bar's query).
    close();
    void runCommand(id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const move = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 }[event.key];
    if (move !== undefined && rows.length > 0) {
      event.preventDefault();
      const next = at + move;
      setActive(
        Math.abs(move) === 1 ? (next + rows.length) % rows.length : Math.max(0, Math.min(rows.length - 1, next)),
      );
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (current) run(current.id);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      // The search box is the palette's one stop: Tab stays in the dialog.
      event.preventDefault();
    }
  };

  return (
    <div className="cd-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="cd-modal cd-palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <input
          autoFocus
          className="cd-control cd-palette-input"
          role="combobox"
          aria-label="Command"
          aria-expanded="true"
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={current ? optionId(current.id) : undefined}
          placeholder="Type a command, like “new draft”"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id={LIST_ID} className="cd-palette-list" role="listbox" aria-label="Commands">
          {rows.map((row, i) => {
            const enabled = commandEnabled(row.id, { pieceOpen });
            return (
              // The search box keeps the focus and answers the keys (aria-activedescendant); a click runs the command too.
              <li
                key={row.id}
                id={optionId(row.id)}
                role="option"
                aria-selected={i === at}
                aria-disabled={enabled ? undefined : true}
                className={`cd-option${i === at ? ' is-active' : ''}${enabled ? '' : ' is-disabled'}`}
                onMouseMove={() => i !== at && setActive(i)}
                onClick={() => run(row.id)}
              >
                <span className="cd-option-label">{row.label}</span>
                <span className="cd-palette-context">{row.context}</span>
                {!enabled && <span className="cd-palette-note">open a piece first</span>}
                {row.keys && <kbd className="cd-palette-keys">{row.keys}</kbd>}
              </li>
            );
          })}
        </ul>
        <p className="cd-palette-status" role="status">
          {rows.length === 0 ? `No command matches “${query}”.` : ''}
        </p>
      </div>
    </div>
  );
}
