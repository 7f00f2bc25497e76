import { useCallback, useRef } from 'react';
import { slugify } from '../../../common/slug';
import { usePieceCommand } from '../palette/usePieceCommand';
import { EXPORT_CHOICES, useExchange, type ExportChoice } from '../exchange/exchangeStore';
import { useOpenDraft } from './openDraftStore';

/** "Export as Markdown…" (in the figure style the site expects) / "Export as HTML…" for the open piece, after saving what is unsaved. */
export function ExportMenu() {
  const exportPiece = useExchange((s) => s.exportPiece);
  const select = useRef<HTMLSelectElement>(null);
  // From the menu bar and the command palette: the choices open, or at least the menu takes the focus.
  usePieceCommand(
    'file.export',
    useCallback(() => {
      select.current?.focus();
      try {
        select.current?.showPicker();
      } catch {
        // Without a user's gesture the list stays shut; the focused menu opens with Alt+Down or Space.
      }
    }, []),
  );
  const run = async (choice: ExportChoice): Promise<void> => {
    const { controller, draftId, slug, headline } = useOpenDraft.getState();
    if (!draftId) return;
    await controller?.flush();
    await exportPiece(draftId, slug || slugify(headline) || 'untitled', choice);
  };
  return (
    <select
      ref={select}
      className="cd-tool-select"
      aria-label="Export this piece"
      value=""
      onChange={(e) => {
        const choice = e.target.value as ExportChoice | '';
        if (choice) void run(choice);
      }}
    >
      <option value="">Export…</option>
      {(Object.keys(EXPORT_CHOICES) as ExportChoice[]).map((choice) => (
        <option key={choice} value={choice}>
          {EXPORT_CHOICES[choice].label}
        </option>
      ))}
    </select>
  );
}
