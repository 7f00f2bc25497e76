import type { ExportedText } from '../../../common/exchange';
import { escapeHtml } from '../../../common/export/htmlEscape';
import type { FigureFields } from '../../../common/nodes/figure/figureJson';
import { figureHtml } from '../../../common/nodes/figure/figureHtml';
import { PREVIEW_STYLES } from './previewStyles';

/**
 * The page the preview frame shows: the export's standalone HTML document
 * (`export.html` with `document: true`) as it is, with four additions for
 * the screen only, never written into an export:
 *
 *  - the language the editor gives the text (the app's), since the export's
 *    page names none and a reader's screen reader needs one;
 *  - image sources point where this window can load them (the export links
 *    `assets/<id>.<ext>`, which exists only beside an exported file);
 *  - the top image, which a CMS receives as the featured image beside the
 *    body, is shown as the lead figure under the header when the text does
 *    not already show it;
 *  - a readable default stylesheet.
 */

export const LEAD_IMAGE_CLASS = 'top-image';

export interface PreviewPageInput {
  exported: Pick<ExportedText, 'text' | 'assets'>;
  /** Where the window loads a stored image from (imageUrl). */
  imageSrc: (imageId: string) => string;
  /** The lead image (the top image when the text does not show it) with its words, or null. */
  leadImage: FigureFields | null;
  /** The language the text is read in: the app page's, as the editor's text inherits it. */
  lang: string;
}

export function previewPage({ exported, imageSrc, leadImage, lang }: PreviewPageInput): string {
  let page = lang
    ? exported.text.replace(/^(<!doctype html>\s*<html)>/i, `$1 lang="${escapeHtml(lang)}">`)
    : exported.text;
  // The exporter writes every image as `src="<escaped href>"`, and each asset's href is unique to its image.
  for (const asset of exported.assets) {
    page = page.split(`src="${escapeHtml(asset.href)}"`).join(`src="${escapeHtml(imageSrc(asset.imageId))}"`);
  }
  if (leadImage) {
    const lead = figureHtml(leadImage, imageSrc(leadImage.image)).replace(
      /^<figure/,
      `<figure class="${LEAD_IMAGE_CLASS}"`,
    );
    page = insertAfter(page, '</header>', `\n${lead}`);
  }
  return insertBefore(page, '</head>', `<style>\n${PREVIEW_STYLES}</style>\n`);
}

function insertAfter(text: string, marker: string, addition: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`The exported page has no ${marker}, so the preview cannot place its additions.`);
  return text.slice(0, at + marker.length) + addition + text.slice(at + marker.length);
}

function insertBefore(text: string, marker: string, addition: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`The exported page has no ${marker}, so the preview cannot place its additions.`);
  return text.slice(0, at) + addition + text.slice(at);
}
