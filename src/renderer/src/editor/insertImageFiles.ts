import type { LexicalEditor } from 'lexical';
import { messageOf } from '../api';
import { useImages } from '../fields/imagesStore';
import { notifyError } from '../shell/notices';
import { INSERT_FIGURE_COMMAND } from './commands';

/**
 * Imports each file through the images store, which sends it to the store's
 * image check, and inserts a figure for each that passes; a file that is not
 * a real image gets the store's message and nothing is inserted.
 */
export async function insertImageFiles(editor: LexicalEditor, files: File[]): Promise<void> {
  for (const file of files) {
    try {
      const record = await useImages.getState().importFile(file);
      editor.dispatchCommand(INSERT_FIGURE_COMMAND, {
        image: record.id,
        alt: record.alt,
        caption: record.caption,
        credit: record.credit,
        license: record.license,
      });
    } catch (err) {
      notifyError(messageOf(err));
    }
  }
}
