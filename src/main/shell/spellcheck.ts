import type { Platform } from '../../common/commands';
import { spellCheckerOf } from '../../common/preferences';

/**
 * Chromium's spell checker in the window. On Windows and Linux it is
 * Hunspell, whose `.bdic` dictionaries (Chromium's own format, made by
 * Chromium's `convert_dict`) Electron downloads from Google's CDN at first
 * use — which fails offline, and no npm package ships them. So there
 * Chromium's checker is off and Copydesk's own (nspell with dictionary-en,
 * in the window, the same in every shell) marks words; the download address
 * points at the app's own scheme, which serves no dictionary, so nothing is
 * fetched from elsewhere even if the checker is turned back on. On macOS
 * Chromium asks the system's checker, which needs no download, and the
 * right-click menu keeps its suggestions (contextMenu.ts shows them only
 * when Chromium marked a word).
 */

export interface SpellcheckPlan {
  /** Chromium's checker (and so the right-click menu's suggestions) is on. */
  chromium: boolean;
  /** Where Chromium may fetch dictionaries from: nowhere outside the app. */
  dictionaryUrl: string;
}

export function spellcheckPlan(platform: Platform, appOrigin: string): SpellcheckPlan {
  return { chromium: spellCheckerOf(platform) === 'system', dictionaryUrl: `${appOrigin}/dictionaries/` };
}
