import {
  COMMAND_GROUPS,
  COMMAND_IDS,
  commandGroup,
  commandSpec,
  type CommandGroup,
  type CommandId,
  type Platform,
} from '../../../common/commands';
import { runsInWindow, WINDOW_COMMAND_IDS } from './windowCommands';
import { shortcutText } from './keys';

/** One command as the palette and the sheet show it. */
export interface CommandRow {
  id: CommandId;
  label: string;
  /** Its menu, which the palette matches less well than the label ("view desk"). */
  context: CommandGroup;
  keys: string | undefined;
}

const row = (id: CommandId, platform: Platform): CommandRow => ({
  id,
  label: commandSpec(id).label,
  context: commandGroup(id, platform),
  keys: shortcutText(id, platform),
});

/** What the palette offers: every command the window carries out, save the ones the app gives itself and the palette itself. */
export function paletteRows(platform: Platform): CommandRow[] {
  return WINDOW_COMMAND_IDS.filter((id) => commandSpec(id).offMenu !== true && id !== 'view.commandPalette').map((id) =>
    row(id, platform),
  );
}

/**
 * What the sheet lists, by menu: every command with keys on the platform
 * that does something there, by the system (undo, zoom) or by the window.
 */
export function sheetGroups(platform: Platform): Array<{ group: CommandGroup; rows: CommandRow[] }> {
  const rows = COMMAND_IDS.filter(
    (id) => commandSpec(id).offMenu !== true && (typeof commandSpec(id).runs === 'object' || runsInWindow(id)),
  )
    .map((id) => row(id, platform))
    .filter((r) => r.keys !== undefined);
  return COMMAND_GROUPS.map((group) => ({ group, rows: rows.filter((r) => r.context === group) })).filter(
    (g) => g.rows.length > 0,
  );
}
