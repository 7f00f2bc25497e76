import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister } from '@lexical/utils';
import { COMMAND_PRIORITY_HIGH, KEY_DOWN_COMMAND } from 'lexical';
import { useEffect } from 'react';
import { chordOf, commandForChord } from '../../palette/keys';
import { providePieceCommand } from '../../palette/dispatcher';
import { currentPlatform } from '../../palette/platform';
import { $moveBlocks, type Direction } from '../blocks/moveBlocks';

const PLATFORM = currentPlatform();
const MOVES = { 'edit.moveBlockUp': 'up', 'edit.moveBlockDown': 'down' } as const satisfies Record<string, Direction>;
const MOVE_IDS = Object.keys(MOVES) as Array<keyof typeof MOVES>;

/**
 * Moves the caret's block (or the selected blocks, or a selected figure) up
 * or down one block with the table's keys (Alt+Shift+Up/Down), the menu or
 * the palette; each move is one undo step.
 */
export function BlockMovePlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const move = (direction: Direction): void => editor.update(() => void $moveBlocks(direction));
    return mergeRegister(
      editor.registerCommand(
        KEY_DOWN_COMMAND,
        (event) => {
          const chord = chordOf(event, PLATFORM);
          const id = chord && commandForChord(chord, PLATFORM, MOVE_IDS);
          if (!id || !(id in MOVES)) return false;
          event.preventDefault();
          move(MOVES[id as keyof typeof MOVES]);
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
      ...MOVE_IDS.map((id) => providePieceCommand(id, () => move(MOVES[id]))),
    );
  }, [editor]);
  return null;
}
