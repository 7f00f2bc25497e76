import { useEffect } from 'react';
import { commandSpec } from '../../../common/commands';
import { api } from '../api';
import { useOpenDraft } from '../editor/openDraftStore';
import { PreferencesDialog } from '../preferences/PreferencesDialog';
import { CommandPalette } from './CommandPalette';
import { useCommandUi } from './commandUi';
import { runCommand } from './dispatcher';
import { chordOf, commandForChord } from './keys';
import { currentPlatform } from './platform';
import { ShortcutsSheet } from './ShortcutsSheet';
import { runsInPiece, WINDOW_COMMAND_IDS, type WindowCommandId } from './windowCommands';

const PLATFORM = currentPlatform();

/**
 * The window's own keys (keysInWindow in the table) for the commands it
 * carries out outside the piece; the piece's components listen for theirs
 * (find, versions) and Lexical for the editor's.
 */
const WINDOW_KEYS: readonly WindowCommandId[] = WINDOW_COMMAND_IDS.filter(
  (id) => commandSpec(id).keysInWindow === true && !runsInPiece(id),
);

/**
 * Where commands reach the window: the menu bar's `app.command` events and
 * the window's keys go to the one dispatcher; and the command palette and
 * shortcuts sheet, when open.
 */
export function CommandLayer() {
  const open = useCommandUi((s) => s.open);

  // The menu bar enables the piece's commands while one is open, as the palette does.
  const pieceOpen = useOpenDraft((s) => s.draftId !== null);
  useEffect(() => {
    void api().app.pieceOpen({ open: pieceOpen });
  }, [pieceOpen]);

  useEffect(
    () =>
      api().events.subscribe((event) => {
        if (event.type === 'app.command') void runCommand(event.command);
      }),
    [],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const chord = chordOf(event, PLATFORM);
      const id = chord && commandForChord(chord, PLATFORM, WINDOW_KEYS);
      if (!id) return;
      event.preventDefault();
      // The same keys close what they opened.
      const ui = useCommandUi.getState();
      if ((id === 'view.commandPalette' && ui.open === 'palette') || (id === 'help.shortcuts' && ui.open === 'sheet'))
        return ui.close();
      void runCommand(id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      {open === 'palette' && <CommandPalette />}
      {open === 'sheet' && <ShortcutsSheet />}
      {open === 'preferences' && <PreferencesDialog />}
    </>
  );
}
