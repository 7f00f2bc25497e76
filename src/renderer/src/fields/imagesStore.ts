import { create } from 'zustand';
import type { ImageRecord } from '../../../common/domain';
import { api, unwrap } from '../api';

/** Stored images' records (alt text, caption, credit, license) as the server has them, by id. */

export type ImageWords = Pick<ImageRecord, 'alt' | 'caption' | 'credit' | 'license'>;

interface ImagesState {
  records: Record<string, ImageRecord>;
  load: (id: string) => Promise<ImageRecord>;
  update: (id: string, words: ImageWords) => Promise<ImageRecord>;
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
}));
