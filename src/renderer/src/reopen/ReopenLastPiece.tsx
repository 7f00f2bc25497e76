import { useEffect } from 'react';
import { useLastPiece } from './lastPieceStore';

let asked = false;

/** At launch, opens the piece that was open when the app closed (once, however often React mounts this). */
export function ReopenLastPiece() {
  useEffect(() => {
    if (asked) return;
    asked = true;
    // Not finding it is no error: the app starts on the library, as it would have.
    useLastPiece
      .getState()
      .reopen()
      .catch(() => undefined);
  }, []);
  return null;
}
