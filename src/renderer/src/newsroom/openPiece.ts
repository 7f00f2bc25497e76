import { useLibrary } from '../library/libraryStore';
import { useShell } from '../shell/shellStore';

/** Opens a piece held on this computer on the writing desk, with the library showing it. */
export function openPiece(draftId: string): void {
  void useLibrary.getState().refresh();
  useLibrary.getState().select(draftId);
  useShell.getState().setView('write');
}
