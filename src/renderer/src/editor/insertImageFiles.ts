import type { ImageRecord } from '../../../common/domain';
import { api, unwrap } from '../api';

const MAX_BYTES = 50 * 1024 * 1024;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Sends a dropped, pasted or chosen file to the store's image import, which checks its bytes. */
export async function importImageFile(file: File): Promise<ImageRecord> {
  if (file.size > MAX_BYTES) throw new Error(`${file.name} is larger than 50 MB; export a smaller version first.`);
  return unwrap(api().images.import({ name: file.name, dataBase64: toBase64(await file.arrayBuffer()) }));
}
