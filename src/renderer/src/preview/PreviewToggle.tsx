import { useEffect } from 'react';
import { chordOf, commandForChord } from '../palette/keys';
import { currentPlatform } from '../palette/platform';
import { usePieceCommand } from '../palette/usePieceCommand';
import { usePreview } from './previewStore';

const toggle = (): void => usePreview.getState().toggle();
const PLATFORM = currentPlatform();

/** The status bar's "Preview" switch; View › Preview, its keys (Ctrl/Cmd+Alt+P) and the palette give the same command. */
export function PreviewToggle() {
  const open = usePreview((s) => s.open);
  usePieceCommand('view.preview', toggle);

  // The window takes the keys itself (keysInWindow), so they work where no menu bar does.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const chord = chordOf(event, PLATFORM);
      if (!chord || commandForChord(chord, PLATFORM, ['view.preview']) === undefined) return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <button type="button" className="cd-link-button" aria-pressed={open} onClick={toggle}>
      Preview
    </button>
  );
}
