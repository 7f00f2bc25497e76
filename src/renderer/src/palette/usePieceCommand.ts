import { useEffect } from 'react';
import { providePieceCommand } from './dispatcher';
import type { PieceCommandId } from './windowCommands';

/** Carries out `id` (from the menu, the keys or the palette) with `run` while the calling component is mounted; keep `run` stable. */
export function usePieceCommand(id: PieceCommandId, run: () => void | Promise<unknown>): void {
  useEffect(() => providePieceCommand(id, run), [id, run]);
}
