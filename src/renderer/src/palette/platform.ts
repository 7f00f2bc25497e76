import type { Platform } from '../../../common/commands';

/** The platform the window runs on, for the keys it shows: macOS has Cmd where the others have Ctrl. */
export function currentPlatform(): Platform {
  const agent = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  if (/Mac OS X|Macintosh/.test(agent)) return 'darwin';
  if (/Windows/.test(agent)) return 'win32';
  return 'linux';
}
