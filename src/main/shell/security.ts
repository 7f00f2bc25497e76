import { pathToFileURL } from 'node:url';

/**
 * The window's security settings, kept apart from the code that applies
 * them so a test can read them without loading Electron.
 */

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: true,
} as const;

/** Scripts only from the app itself; no eval, no inline script, no remote code. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: copydesk-image:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Links a writer clicks open in the system browser, and only these kinds. */
export function isExternalWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}

/**
 * The app's own pages: the built files, or the dev server in development.
 * Files are compared as URLs, folder by folder: `renderer-old/` is not inside
 * `renderer/`, a `file://host/` (a network share on Windows) is not local,
 * and Windows drive paths compare the way Chromium writes them.
 */
export function isAppUrl(url: string, appOrigin: string | null, appFileRoot: string): boolean {
  try {
    const parsed = new URL(url);
    if (appOrigin !== null) return parsed.origin === appOrigin;
    if (parsed.protocol !== 'file:') return false;
    const root = pathToFileURL(appFileRoot).href.replace(/\/?$/, '/');
    return parsed.href.startsWith(root);
  } catch {
    return false;
  }
}
