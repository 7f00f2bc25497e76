import { ImportRefusal } from '../../common/import/limits';
import { sniffImage } from '../../publishing/imageSniff';

/**
 * Reads a file that claims to be text (Markdown, HTML) by its bytes, never
 * by its name: a PDF or a photo renamed `.md`, bytes that are not UTF-8 and
 * an empty file are refused with what they are, instead of becoming a draft
 * full of U+FFFD. UTF-16 with its byte-order mark, as some Windows editors
 * save, is read as such.
 */

const SIGNATURES: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (a Word .docx, an EPUB or another zipped file)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old-style Office document (.doc)' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
];

const startsWith = (bytes: Buffer, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/** The file's text, or an ImportRefusal that says what the bytes are instead. */
export function decodeText(bytes: Buffer, kind: string): string {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, kind);
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  if (body.length === 0) throw new ImportRefusal('The file is empty: there is nothing to import.');
  const known = SIGNATURES.find((s) => startsWith(body, s.bytes))?.what ?? (sniffImage(body).ok ? 'an image' : null);
  if (known)
    throw new ImportRefusal(
      `This is not a ${kind} file: its bytes are ${known}. Import the original ${kind} or Word file.`,
    );
  const nul = body.indexOf(0);
  if (nul >= 0)
    throw new ImportRefusal(
      `This is not a ${kind} file: it holds binary data (a NUL byte at byte ${nul.toLocaleString('en-US')}), which text never does.`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const at = firstInvalidUtf8(body);
    throw new ImportRefusal(
      `This ${kind} file is not UTF-8 text: byte ${at.toLocaleString('en-US')} (0x${body[at]!.toString(16).padStart(2, '0')}) cannot start or continue a character. Save it as UTF-8 (most editors offer it under "Save as" or "Encoding") and import it again.`,
    );
  }
  if (text.trim().length === 0) throw new ImportRefusal('The file is empty: it holds only blank lines and spaces.');
  return text;
}

function decodeUtf16(bytes: Buffer, kind: string): string {
  const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    if (text.trim().length === 0) throw new ImportRefusal('The file is empty: it holds only blank lines and spaces.');
    return text;
  } catch (err) {
    if (err instanceof ImportRefusal) throw err;
    throw new ImportRefusal(
      `This ${kind} file starts like UTF-16 text but its bytes are not: save it as UTF-8 and import it again.`,
    );
  }
}

/** The offset of the first byte that breaks UTF-8 (only asked once the fast check has failed). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      // One decode of the sequence settles overlong forms and surrogates as the fast check did.
      const sequence = bytes.subarray(i, i + length);
      if (sequence.length < length) return i;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(sequence);
      } catch {
        return i;
      }
    }
    i += length;
  }
  return i;
}
