/**
 * A credit line written at the end of a caption or an image title, as wire
 * services and newsrooms write them, split off into the figure's credit:
 *
 *   …Ukraine, June 5, 2024. REUTERS/Stringer
 *   …May 20, 2024. (AP Photo/Evan Vucci)
 *   …on May 25, 2024. (Photo by Genya SAVILOV / AFP)
 *   …in Tel Aviv. Credit: Evelyn Hockstein/Pool via REUTERS
 *   …in Brussels. Mandel Ngan/AFP via Getty Images
 *   …Downing Street. Photograph: Dan Kitwood/Getty Images
 *   Photograph by Lynsey Addario for The New York Times
 *
 * A label (Credit, Photo, Photograph, Image, Picture, Illustration,
 * Photographer, "Photo credit"…) counts only capitalised, at the start of
 * the text or of a sentence, or inside closing parentheses, so "a photo of
 * the summit" or "The photo: a turning point" stay whole.
 */

export interface CaptionWords {
  caption: string;
  credit: string;
}

const LABEL = String.raw`(?:(?:Photo|Image|Picture)\s+credits?|Credits?|Photo(?:graph)?s?|Photographer|Photography|Pictures?|Images?|Illustrations?)`;
/** `:`, a dash, NYT's "Credit..." or "by" (which must then name someone: a capital). */
const SEPARATOR = String.raw`(?:\s*:|\s*[—–]|\s+-|\s*(?:\.\.\.|…)|\s+by(?=\s+[\p{Lu}\d]))`;
const LABELLED = new RegExp(String.raw`^(${LABEL})${SEPARATOR}\s*(.+)$`, 'su');
/** Wire credits without a label: the agency in capitals, a slash and the photographer. */
const WIRE = /^(?:REUTERS|EPA(?:-EFE)?|AFP|ANADOLU|XINHUA|ANSA|KYODO|YONHAP|SIPA|TASS)\/\S.*$/su;
/** "Name/Pool via REUTERS", "Name/AFP via Getty Images". */
const VIA =
  /^[^/]{2,60}\/[^/]{1,60}\bvia\s+(?:REUTERS|Reuters|Getty Images|AP|AFP|Bloomberg|Imagn Images|USA TODAY NETWORK)$/su;
const PARENTHESISED = new RegExp(
  String.raw`\(\s*((?:AP|AFP|EPA|Reuters|REUTERS)\s+Photo\s*\/[^()]+|${LABEL}${SEPARATOR}[^()]+)\)$`,
  'su',
);
/** Where a credit may begin: the start, after a sentence's end, a line break or a bar. */
const BOUNDARY = /(?:[.!?…]["”’)\]]*\s+|\n\s*|\s+\|\s+)/g;
const MAX_CREDIT = 160;

function labelled(text: string): string | null {
  const match = LABELLED.exec(text);
  if (!match || !/^\p{Lu}/u.test(match[1]!)) return null;
  return match[2]!;
}

/** The credit a tail of the text is, or null when it is not one. */
function creditOf(tail: string): string | null {
  const text = tail.trim();
  if (!text || text.length > MAX_CREDIT) return null;
  // A credit is one line and never runs into a second sentence ("J. Smith" is not one).
  if (/\n|[\p{Ll}\d]{2}[.!?]\s+\p{Lu}/u.test(text)) return null;
  const credit = labelled(text) ?? (WIRE.test(text) || VIA.test(text.replace(/\.$/, '')) ? text : null);
  if (credit === null) return null;
  const cleaned = credit.replace(/\s*\.$/, '').trim();
  return cleaned || null;
}

/** Splits a trailing credit line off `caption` when there is no credit yet; otherwise the words as they are. */
export function splitCredit(words: CaptionWords): CaptionWords {
  if (words.credit.trim() !== '' || words.caption.trim() === '') return words;
  const text = words.caption.trimEnd();
  const paren = PARENTHESISED.exec(text);
  if (paren) {
    const inner = paren[1]!.trim();
    const credit = labelled(inner) ?? inner;
    if (credit.trim()) return { caption: text.slice(0, paren.index).trimEnd(), credit: credit.trim() };
  }
  const starts = [0, ...[...text.matchAll(BOUNDARY)].map((m) => m.index + m[0].length)];
  for (const start of starts) {
    const credit = creditOf(text.slice(start));
    if (credit !== null)
      return {
        caption: text
          .slice(0, start)
          .trimEnd()
          .replace(/\s+\|$/, ''),
        credit,
      };
  }
  return words;
}
