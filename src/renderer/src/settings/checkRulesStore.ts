import { create } from 'zustand';
import { checkSettingsFrom, type CheckSettings } from '../../../common/check';
import { api, messageOf, unwrap } from '../api';

/** The desk's pre-publish check rules as the database holds them. */
interface CheckRulesState {
  settings: CheckSettings | null;
  loadError: string | null;
  load: () => Promise<void>;
  save: (next: CheckSettings) => Promise<void>;
}

export const useCheckRules = create<CheckRulesState>((set) => ({
  settings: null,
  loadError: null,

  async load() {
    try {
      const { value } = await unwrap(api().settings.get({ key: 'check' }));
      set({ settings: checkSettingsFrom(value), loadError: null });
    } catch (err) {
      set({ loadError: `The check rules could not be loaded: ${messageOf(err)}` });
    }
  },

  async save(next) {
    await unwrap(
      api().settings.set({
        key: 'check',
        value: { headlineMaxLength: next.headlineMaxLength, severities: next.severities },
      }),
    );
    // The open piece's check follows the new rules at once (LiveCheckPlugin watches them).
    set({ settings: next });
  },
}));
