import { useEffect } from 'react';
import { providePieceCommand, type PieceCommandId } from './dispatcher';

/** Carries out `id` (from the menu, the keys or the palette) with `run` while the calling component is mounted; keep `run` stable. */
export function usePieceCommand(id: PieceCommandId, run: () => void | Promise<unknown>): void {
  useEffect(() => providePieceCommand(id, run), [id, run]);
}
