import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's own data folder, worked out the way Electron's
 * `app.getPath('userData')` does for the product name "Copydesk", so the
 * command line finds the same database without loading Electron.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Copydesk');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Copydesk');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Copydesk');
}
