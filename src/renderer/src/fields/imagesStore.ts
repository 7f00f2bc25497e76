import { create } from 'zustand';
import type { ImageRecord } from '../../../common/domain';
import { api, unwrap } from '../api';

/** Stored images' records (alt text, caption, credit, license) as the server has them, by id. */

const MAX_BYTES = 50 * 1024 * 1024;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export type ImageWords = Pick<ImageRecord, 'alt' | 'caption' | 'credit' | 'license'>;

interface ImagesState {
  records: Record<string, ImageRecord>;
  load: (id: string) => Promise<ImageRecord>;
  update: (id: string, words: ImageWords) => Promise<ImageRecord>;
  /** Sends a dropped, pasted or chosen file to the store's image import, which checks its bytes. */
  importFile: (file: File) => Promise<ImageRecord>;
}

export const useImages = create<ImagesState>((set, get) => ({
  records: {},

  async load(id) {
    const record = await unwrap(api().images.get({ id }));
    set({ records: { ...get().records, [id]: record } });
    return record;
  },

  async update(id, words) {
    const record = await unwrap(api().images.update({ id, ...words }));
    set({ records: { ...get().records, [id]: record } });
    return record;
  },

  async importFile(file) {
    if (file.size > MAX_BYTES) throw new Error(`${file.name} is larger than 50 MB; export a smaller version first.`);
    const record = await unwrap(
      api().images.import({ name: file.name, dataBase64: toBase64(await file.arrayBuffer()) }),
    );
    set({ records: { ...get().records, [record.id]: record } });
    return record;
  },
}));
