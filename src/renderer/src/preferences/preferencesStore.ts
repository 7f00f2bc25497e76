import { create } from 'zustand';
import {
  NOTIFICATIONS_SETTING,
  readNotificationSettings,
  readUpdateSettings,
  UPDATES_SETTING,
  type NotificationSettings,
  type UpdateSettings,
} from '../../../common/preferences';
import { api, unwrap } from '../api';

/** The desktop app's preferences as the database holds them; main follows each as soon as it is saved. */
interface PreferencesState {
  updates: UpdateSettings | null;
  notifications: NotificationSettings | null;
  load: () => Promise<void>;
  saveUpdates: (url: string) => Promise<UpdateSettings>;
  saveNotifications: (next: NotificationSettings) => Promise<void>;
}

export const usePreferences = create<PreferencesState>((set, get) => ({
  updates: null,
  notifications: null,

  async load() {
    const [updates, notifications] = await Promise.all([
      unwrap(api().settings.get({ key: UPDATES_SETTING })),
      unwrap(api().settings.get({ key: NOTIFICATIONS_SETTING })),
    ]);
    set({ updates: readUpdateSettings(updates.value), notifications: readNotificationSettings(notifications.value) });
  },

  async saveUpdates(url) {
    // Main checks the address (settings.ts) and answers it as stored: trimmed, or null for off.
    const saved = readUpdateSettings(
      (await unwrap(api().settings.set({ key: UPDATES_SETTING, value: { url } }))).value,
    );
    set({ updates: saved });
    return saved;
  },

  async saveNotifications(next) {
    // The box shows the choice at once, and goes back if it could not be kept.
    const before = get().notifications;
    set({ notifications: next });
    try {
      await unwrap(api().settings.set({ key: NOTIFICATIONS_SETTING, value: next }));
    } catch (err) {
      set({ notifications: before });
      throw err;
    }
  },
}));
