import { useRef, type KeyboardEvent } from 'react';
import { MARKDOWN_EXAMPLES } from '../editor/markdownExamples';
import { sheetGroups } from './commandRows';
import { useCommandUi } from './commandUi';
import { shortcutText } from './keys';
import { currentPlatform } from './platform';
import './palette.css';

const PLATFORM = currentPlatform();
const GROUPS = sheetGroups(PLATFORM);

/**
 * Every shortcut (Ctrl/Cmd+/), by menu as the menu bar has them, then the
 * editor's formatting and the Markdown it turns into formatting as you type.
 * Read from the command table, so it says what the menu says.
 */
export function ShortcutsSheet() {
  const close = useCommandUi((s) => s.close);
  const closeButton = useRef<HTMLButtonElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab') {
      // The close button is the sheet's one stop: the focus stays in the dialog.
      event.preventDefault();
      closeButton.current?.focus();
    }
  };

  return (
    <div className="cd-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="cd-modal cd-shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cd-shortcuts-title"
        onKeyDown={onKeyDown}
      >
        <div className="cd-modal-head">
          <h2 id="cd-shortcuts-title">Keyboard shortcuts</h2>
          <button ref={closeButton} autoFocus type="button" className="cd-small-button" onClick={close}>
            Close
          </button>
        </div>
        <p className="cd-help">
          {shortcutText('view.commandPalette', PLATFORM)} opens the command palette, which reaches every action by name.
        </p>
        <div className="cd-shortcuts-groups">
          {GROUPS.map(({ group, rows }) => (
            <section key={group} className="cd-shortcuts-group" aria-labelledby={`cd-shortcuts-${group}`}>
              <h3 id={`cd-shortcuts-${group}`}>{group}</h3>
              <table className="cd-shortcuts-table">
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.id}>
                      <th scope="row">{row.label}</th>
                      <td>
                        <kbd>{row.keys}</kbd>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
          <section className="cd-shortcuts-group" aria-labelledby="cd-shortcuts-markdown">
            <h3 id="cd-shortcuts-markdown">Typed as you write</h3>
            <table className="cd-shortcuts-table">
              <tbody>
                {MARKDOWN_EXAMPLES.map(({ typed, makes }) => (
                  <tr key={makes}>
                    <th scope="row">{makes}</th>
                    <td>
                      {typed.map((t, i) => (
                        <span key={t}>
                          {i > 0 && ' or '}
                          <kbd>{t.trimEnd() === t ? t : `${t.trimEnd()}␣`}</kbd>
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </div>
  );
}
