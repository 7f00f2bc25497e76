import { create } from 'zustand';
import { checkSettingsFrom, type CheckSettings } from '../../../common/check';
import { api, messageOf, unwrap } from '../api';
import { useNewsroom } from '../newsroom/newsroomStore';

/** The pre-publish check rules as the database holds them (on a desk: the newsroom's, followed from it). */
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
    const value = {
      headlineMaxLength: next.headlineMaxLength,
      severities: next.severities,
      houseStyle: next.houseStyle,
      dictionary: next.dictionary,
    };
    // On a desk the rules are the newsroom's: they are saved there (by an editor), and here with them.
    if (useNewsroom.getState().status?.connection) await unwrap(api().desk.saveCheckSettings(value));
    else await unwrap(api().settings.set({ key: 'check', value }));
    // The open piece's check follows the new rules at once (LiveCheckPlugin watches them).
    set({ settings: next });
  },
}));
