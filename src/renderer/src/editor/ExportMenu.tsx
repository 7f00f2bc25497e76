import type { ExportFormat } from '../../../common/exchange';
import { useExchange } from '../exchange/exchangeStore';
import { useOpenDraft } from './openDraftStore';

/** "Export as Markdown…" / "Export as HTML…" for the open piece, after saving what is unsaved. */
export function ExportMenu() {
  const exportPieces = useExchange((s) => s.exportPieces);
  const run = async (format: ExportFormat): Promise<void> => {
    const { controller, draftId } = useOpenDraft.getState();
    if (!draftId) return;
    await controller?.flush();
    await exportPieces({ ids: [draftId] }, format);
  };
  return (
    <select
      className="cd-tool-select"
      aria-label="Export this piece"
      value=""
      onChange={(e) => {
        const format = e.target.value as ExportFormat | '';
        if (format) void run(format);
      }}
    >
      <option value="">Export…</option>
      <option value="md">As Markdown…</option>
      <option value="html">As HTML…</option>
    </select>
  );
}
