import { z } from 'zod';
import type { Platform } from './commands';
import { isLoopback } from './publish';

/**
 * The desktop app's preferences kept as settings (`settings.get`/`set`):
 * where updates come from, and whether finished work is announced while the
 * window is in the background. Main reads them (src/main/shell/updates.ts,
 * notifications.ts); the Preferences dialog writes them.
 */

export const UPDATES_SETTING = 'updates';
export const NOTIFICATIONS_SETTING = 'notifications';

/** Why an update address cannot be used, or null. Updates are code the app runs: never over plain http:// from elsewhere. */
export function updateUrlProblem(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return `“${address}” is not an address. Give the full address of your newsroom's update folder, starting with https://`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopback(url)) return null;
  if (url.protocol === 'http:') {
    return `The update address ${url.origin} is plain http://, where anyone on the way could swap the update. Use its https:// address; http:// is accepted only for this computer (localhost, 127.0.0.1, ::1)`;
  }
  return `The update address must start with https://, not ${url.protocol}//`;
}

/** The folder that holds the installers and latest*.yml; null (or no setting) means Copydesk never checks. */
export const UpdateSettings = z.object({
  url: z
    .string()
    .trim()
    .max(2000, 'The update address is at most 2,000 characters')
    .nullable()
    .transform((url) => (url === '' ? null : url))
    .superRefine((url, ctx) => {
      const problem = url === null ? null : updateUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export const NotificationSettings = z.object({
  /** Announce a finished export or publish with a system notification when the window is not in front. */
  inBackground: z.boolean(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = { url: null };
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { inBackground: false };

/** A stored value as the app uses it: what is missing or no longer valid counts as the default (off). */
export function readUpdateSettings(value: unknown): UpdateSettings {
  const parsed = UpdateSettings.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_UPDATE_SETTINGS;
}

export function readNotificationSettings(value: unknown): NotificationSettings {
  const parsed = NotificationSettings.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_NOTIFICATION_SETTINGS;
}

/**
 * Who checks spelling in the window: macOS's own checker, or Copydesk's
 * in-app one (Windows and Linux, and the browser), since Chromium's Hunspell
 * there downloads its dictionaries at first use (src/main/shell/spellcheck.ts).
 */
export function spellCheckerOf(platform: Platform): 'system' | 'in-app' {
  return platform === 'darwin' ? 'system' : 'in-app';
}

export const SPELLING_NOTES: Record<ReturnType<typeof spellCheckerOf>, string> = {
  system:
    'Spelling is checked by macOS, in the languages chosen in System Settings; right-click a marked word for suggestions.',
  'in-app':
    'Spelling is checked by Copydesk itself, offline, with its English dictionary and the newsroom’s words; nothing is downloaded.',
};
