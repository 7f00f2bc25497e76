import { create } from 'zustand';

/** Whether the in-app spelling and house-style underlines are on: the writer's choice, kept in this window's storage. */

const KEY = 'copydesk.spelling';

function remembered(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}

interface SpellingState {
  enabled: boolean;
  toggle: () => void;
}

export const useSpelling = create<SpellingState>((set, get) => ({
  enabled: remembered(),
  toggle() {
    const enabled = !get().enabled;
    try {
      localStorage.setItem(KEY, enabled ? 'on' : 'off');
    } catch {
      // Storage refused (a private window): the choice holds until the window closes.
    }
    set({ enabled });
  },
}));
