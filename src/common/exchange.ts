/** What the export and import methods of the API answer (their inputs are in api.ts). */

export const FIGURE_STYLES = ['markdown', 'html', 'hugo'] as const;
export const EXPORT_FORMATS = ['md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One piece as text, for "Export as Markdown…/HTML…" of the open piece. */
export interface ExportedText {
  text: string;
  /** Suggested file name: the slug (or one made from the headline) and the extension. */
  fileName: string;
  /** Images the text links to, relative to the file: copy each store image to its href to keep the links working. */
  assets: Array<{ imageId: string; href: string }>;
  warnings: string[];
}

export interface FolderExportResult {
  /** True when the writer cancelled: `written` holds what was done before. */
  cancelled: boolean;
  written: Array<{ id: string; path: string; assets: string[]; warnings: string[] }>;
  failed: Array<{ id: string; headline: string; message: string }>;
}

export interface ImportFilesResult {
  imported: Array<{ path: string; id: string; headline: string; warnings: string[] }>;
  failed: Array<{ path: string; message: string }>;
}
