import { create } from 'zustand';
import type { TagUsage } from '../../../common/api';
import { api, messageOf, unwrap } from '../api';

/**
 * The shared tag vocabulary as the server has it, with the editor's changes
 * to it. The Tags screen, the library's and the desk's filters read the
 * same list; a change that touches many pieces loads it again.
 */
interface TagsState {
  tags: TagUsage[] | null;
  loadError: string | null;
  /** Tag names for what the writer is typing in a tags field. */
  suggestions: string[];
  load: () => Promise<void>;
  suggest: (prefix: string) => Promise<void>;
  describe: (name: string, description: string) => Promise<TagUsage>;
  rename: (name: string, to: string) => Promise<TagUsage>;
  merge: (from: string, into: string) => Promise<TagUsage>;
  remove: (name: string) => Promise<{ name: string; affected: number }>;
}

let request = 0;

export const useTags = create<TagsState>((set, get) => {
  /** Does the change, then loads the vocabulary again: counts move across tags. */
  const thenReload = async <T>(change: Promise<T>): Promise<T> => {
    const result = await change;
    void get().load();
    return result;
  };
  return {
    tags: null,
    loadError: null,
    suggestions: [],

    async load() {
      const mine = ++request;
      try {
        const tags = await unwrap(api().tags.list({}));
        if (mine === request) set({ tags, loadError: null });
      } catch (err) {
        if (mine === request) set({ loadError: `The tags could not be loaded: ${messageOf(err)}` });
      }
    },

    async suggest(prefix) {
      // Without suggestions the field still takes any tag: a failure leaves the last ones.
      await unwrap(api().tags.suggest({ prefix })).then(
        (suggestions) => set({ suggestions }),
        () => undefined,
      );
    },

    async describe(name, description) {
      const usage = await unwrap(api().tags.describe({ name, description }));
      set({ tags: get().tags?.map((t) => (t.name === usage.name ? usage : t)) ?? null });
      return usage;
    },

    rename(name, to) {
      return thenReload(unwrap(api().tags.rename({ name, to })));
    },

    merge(from, into) {
      return thenReload(unwrap(api().tags.merge({ from, into })));
    },

    remove(name) {
      return thenReload(unwrap(api().tags.delete({ name })));
    },
  };
});
