import { create } from 'zustand';
import type { ChosenPath } from '../../../common/api';
import type { ApiResult } from '../../../common/errors';
import type { ExportFormat, FolderExportResult, ImportFilesResult } from '../../../common/exchange';
import type { FigureStyle } from '../../../common/nodes/figure/figureMarkdown';
import { api, messageOf, unwrap } from '../api';
import { useLibrary } from '../library/libraryStore';

/**
 * Export and import from the app: the writer picks a folder or files in a
 * native dialog, the store does the work, and a summary says what came out
 * or in and what was skipped, and why.
 */
export type ExchangeSummary =
  { kind: 'export'; dir: string; result: FolderExportResult } | { kind: 'import'; result: ImportFilesResult };

/** What "Export…" offers: Markdown with one of the figure styles publishers use, or HTML. */
export const EXPORT_CHOICES = {
  md: { label: 'As Markdown…', format: 'md', figureStyle: 'markdown' },
  'md-html': { label: 'As Markdown, figures as HTML…', format: 'md', figureStyle: 'html' },
  'md-hugo': { label: 'As Markdown, Hugo figure shortcodes…', format: 'md', figureStyle: 'hugo' },
  html: { label: 'As HTML…', format: 'html' },
} as const satisfies Record<string, { label: string; format: ExportFormat; figureStyle?: FigureStyle }>;
export type ExportChoice = keyof typeof EXPORT_CHOICES;

function exportOptions(choice: ExportChoice): { format: ExportFormat; figureStyle?: FigureStyle } {
  const { format, figureStyle }: { format: ExportFormat; figureStyle?: FigureStyle } = EXPORT_CHOICES[choice];
  return { format, figureStyle };
}

interface ExchangeState {
  busy: string | null;
  /** The folder export under way, which the writer may cancel. */
  jobId: string | null;
  summary: ExchangeSummary | null;
  error: string | null;
  exportPieces: (
    request: { ids: string[] } | { filter: Record<string, string> },
    choice: ExportChoice,
  ) => Promise<void>;
  /** The open piece, to a file named in a native save dialog. */
  exportPiece: (id: string, fileStem: string, choice: ExportChoice) => Promise<void>;
  importFiles: () => Promise<void>;
  /** The files the writer just dropped on the library. */
  importDropped: () => Promise<void>;
  cancel: () => void;
  dismiss: () => void;
}

export const useExchange = create<ExchangeState>((set, get) => ({
  busy: null,
  jobId: null,
  summary: null,
  error: null,

  async exportPiece(id, fileStem, choice) {
    const options = exportOptions(choice);
    try {
      const { chosen } = await unwrap(
        api().app.chooseSaveFile({
          title: `Export as ${options.format === 'md' ? 'Markdown' : 'HTML'}`,
          defaultName: `${fileStem}.${options.format}`,
          extensions: [options.format],
        }),
      );
      if (!chosen) return;
      set({ busy: 'Exporting…', error: null });
      const result = await unwrap(api().export.toFile({ id, file: chosen.grant, ...options }));
      set({ summary: { kind: 'export', dir: chosen.path.replace(/[\\/][^\\/]*$/, ''), result } });
    } catch (err) {
      set({ error: messageOf(err) });
    } finally {
      set({ busy: null });
    }
  },

  async exportPieces(request, choice) {
    const { format, figureStyle } = exportOptions(choice);
    try {
      const { chosen } = await unwrap(
        api().app.chooseFolder({ title: `Export as ${format === 'md' ? 'Markdown' : 'HTML'} into a folder` }),
      );
      if (!chosen) return;
      const jobId = crypto.randomUUID();
      set({ busy: 'Exporting…', jobId, error: null });
      const unsubscribe = api().events.subscribe((event) => {
        if (event.type === 'export.progress' && event.jobId === jobId)
          set({ busy: `Exporting… ${event.done} of ${event.total}` });
      });
      try {
        const result = await unwrap(
          api().export.toFolder({
            ...request,
            jobId,
            folder: chosen.grant,
            format,
            figureStyle,
          }),
        );
        set({ summary: { kind: 'export', dir: chosen.path, result } });
      } finally {
        unsubscribe();
      }
    } catch (err) {
      set({ error: messageOf(err) });
    } finally {
      set({ busy: null, jobId: null });
    }
  },

  cancel() {
    const jobId = get().jobId;
    if (jobId) void api().export.cancel({ jobId });
  },

  importFiles() {
    return importChosen(set, () =>
      api().app.chooseFiles({ title: 'Import Markdown or Word files', extensions: ['md', 'markdown', 'docx'] }),
    );
  },

  importDropped() {
    return importChosen(set, () => api().app.takeDropped({}));
  },

  dismiss() {
    set({ summary: null, error: null });
  },
}));

/** Imports the files the shell granted (from a dialog or a drop) and shows what came in. */
async function importChosen(
  set: (state: Partial<ExchangeState>) => void,
  choose: () => Promise<ApiResult<{ chosen: ChosenPath[] }>>,
): Promise<void> {
  try {
    const { chosen } = await unwrap(choose());
    if (chosen.length === 0) return;
    set({ busy: `Importing ${chosen.length} ${chosen.length === 1 ? 'file' : 'files'}…`, error: null });
    const result = await unwrap(api().import.files({ files: chosen.map((c) => c.grant) }));
    set({ summary: { kind: 'import', result } });
    await useLibrary.getState().refresh();
  } catch (err) {
    set({ error: messageOf(err) });
  } finally {
    set({ busy: null });
  }
}
