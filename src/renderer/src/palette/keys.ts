import {
  COMMAND_IDS,
  commandKeys,
  normalizeAccelerator,
  type CommandId,
  type Platform,
} from '../../../common/commands';

/** What of a key press makes its chord (a KeyboardEvent has all of it; tests pass plain objects). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Keys whose DOM name is not the accelerator's. */
const KEY_NAMES: Record<string, string> = {
  ' ': 'Space',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
};

/** The chord a key press makes, spelled as normalizeAccelerator spells the table's, so the two compare. */
export function chordOf(press: KeyPress, platform: Platform): string | null {
  if (['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'Dead', 'Unidentified'].includes(press.key)) return null;
  const modifiers = [
    press.ctrlKey && 'Ctrl',
    press.metaKey && (platform === 'darwin' ? 'Cmd' : 'Super'),
    press.altKey && 'Alt',
    press.shiftKey && 'Shift',
  ].filter((m): m is string => m !== false);
  return normalizeAccelerator([...modifiers, KEY_NAMES[press.key] ?? press.key].join('+'), platform);
}

/** The command whose keys are this chord on the platform, among `ids`. */
export function commandForChord(
  chord: string,
  platform: Platform,
  ids: readonly CommandId[] = COMMAND_IDS,
): CommandId | undefined {
  return ids.find((id) => {
    const keys = commandKeys(id, platform);
    return keys !== undefined && normalizeAccelerator(keys, platform) === chord;
  });
}

/** A command's keys as the writer reads them on the platform ("Ctrl+Shift+P", "Cmd+Shift+P"), or undefined. */
export function shortcutText(id: CommandId, platform: Platform): string | undefined {
  const keys = commandKeys(id, platform);
  return keys === undefined ? undefined : normalizeAccelerator(keys, platform);
}
