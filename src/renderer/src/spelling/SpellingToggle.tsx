import { usePieceCommand } from '../palette/usePieceCommand';
import { useSpelling } from './spellingStore';

const toggle = (): void => useSpelling.getState().toggle();

/** The status bar's "Spelling" switch; View › Spelling and house style and the palette give the same command. */
export function SpellingToggle() {
  const enabled = useSpelling((s) => s.enabled);
  usePieceCommand('view.spelling', toggle);
  return (
    <button type="button" className="cd-link-button" aria-pressed={enabled} onClick={toggle}>
      Spelling
    </button>
  );
}
