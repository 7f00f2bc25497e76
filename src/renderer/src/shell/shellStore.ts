import { create } from 'zustand';
import type { Profile } from '../../../common/domain';
import { api, unwrap } from '../api';

/** Which room of the app is showing, and who is working. */
export type AppView = 'write' | 'desk' | 'newsroom' | 'tags' | 'targets' | 'settings';

interface ShellState {
  view: AppView;
  profile: Profile | null;
  profileLoaded: boolean;
  setView: (view: AppView) => void;
  loadProfile: () => Promise<void>;
  saveProfile: (profile: Profile) => Promise<void>;
}

export const useShell = create<ShellState>((set) => ({
  view: 'write',
  profile: null,
  profileLoaded: false,
  setView(view) {
    set({ view });
  },
  async loadProfile() {
    const profile = await unwrap(api().profile.get({})).catch(() => null);
    set({ profile, profileLoaded: true });
  },
  async saveProfile(profile) {
    set({ profile: await unwrap(api().profile.set(profile)) });
  },
}));
