import { inflateRawSync } from 'node:zlib';
import { formatBytes, IMPORT_LIMITS, ImportRefusal } from '../../common/import/limits';

/**
 * A .docx is a zip archive; mammoth unpacks every part it needs into memory.
 * Before it does, the archive's central directory is read here: the sizes
 * its parts declare are summed against the limit (a 1 MB file that unpacks
 * to 1 GB stops at once), and each part is then unpacked with its declared
 * size as a hard cap, so an archive that understates a size stops too.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_SIZE = 0xffffffff;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export function checkDocxZip(bytes: Buffer, fileName: string): void {
  const notWord = (why: string) => new ImportRefusal(`${fileName} is not a Word document: ${why}.`);
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== LOCAL_HEADER)
    throw notWord('a .docx file is a zip archive, and this one is not');
  const entries = centralDirectory(bytes, notWord);
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  if (unpacked > IMPORT_LIMITS.docxUnpackedBytes) {
    throw new ImportRefusal(
      `The Word file unpacks to ${formatBytes(unpacked)} (${formatBytes(bytes.length)} packed); Word imports are limited to ${formatBytes(IMPORT_LIMITS.docxUnpackedBytes)} unpacked.`,
    );
  }
  for (const entry of entries) checkEntry(bytes, entry, notWord);
}

function centralDirectory(bytes: Buffer, notWord: (why: string) => ImportRefusal): Entry[] {
  // The end record is the last 22 bytes, unless a comment (at most 64 KB) follows it.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notWord('its zip directory is missing (the file is cut off or damaged)');
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (offset === ZIP64_SIZE || offset + size > end) throw notWord('its zip directory is damaged');
  const entries: Entry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL_HEADER) throw notWord('its zip directory is damaged');
    const nameLength = bytes.readUInt16LE(at + 28);
    const entry: Entry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    if (entry.size === ZIP64_SIZE || entry.compressedSize === ZIP64_SIZE || entry.localOffset === ZIP64_SIZE) {
      throw new ImportRefusal(
        `The Word file's part ${entry.name} declares a size of 4 GB or more; Word imports are limited to ${formatBytes(IMPORT_LIMITS.docxUnpackedBytes)} unpacked.`,
      );
    }
    entries.push(entry);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

function checkEntry(bytes: Buffer, entry: Entry, notWord: (why: string) => ImportRefusal): void {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER)
    throw notWord(`its part ${entry.name} is missing`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize) throw notWord(`its part ${entry.name} is cut off`);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw notWord(`its part ${entry.name} is damaged`);
    return;
  }
  if (entry.method !== 8)
    throw notWord(`its part ${entry.name} is packed in a way Word never uses (method ${entry.method})`);
  let inflated: Buffer;
  try {
    // One byte over the declared size is enough to know the declaration is false.
    inflated = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImportRefusal(
        `The Word file's part ${entry.name} unpacks to more than the ${formatBytes(entry.size)} it declares; such a file is built to exhaust memory, and was not read.`,
      );
    }
    throw notWord(`its part ${entry.name} is damaged`);
  }
  if (inflated.length !== entry.size) throw notWord(`its part ${entry.name} is not the size it declares`);
}
