import { useEffect } from 'react';
import { api } from '../api';
import { usePreview } from './previewStore';

/** The status bar's "Preview" switch; the menu's View › Preview (Ctrl/Cmd+Alt+P, src/common/commands.ts) gives the same command. */
export function PreviewToggle() {
  const open = usePreview((s) => s.open);

  useEffect(
    () =>
      api().events.subscribe((event) => {
        if (event.type === 'app.command' && event.command === 'view.preview') usePreview.getState().toggle();
      }),
    [],
  );

  return (
    <button type="button" className="cd-link-button" aria-pressed={open} onClick={() => usePreview.getState().toggle()}>
      Preview
    </button>
  );
}
