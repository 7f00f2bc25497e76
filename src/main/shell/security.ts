import { pathToFileURL } from 'node:url';

/**
 * The window's security settings and decisions, kept apart from the
 * Electron wiring in window.ts so a test can call them with plain values.
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

/** The window's preferences: the locked-down set, plus the one thing each window adds. */
export function windowPreferences(preloadPath: string): typeof WEB_PREFERENCES & { preload: string } {
  return { ...WEB_PREFERENCES, preload: preloadPath };
}

/** What a link that tries to open a new window does: it never opens one; a web link goes to the system browser. */
export function windowOpenVerdict(url: string): 'open-externally' | 'refuse' {
  return isExternalWebLink(url) ? 'open-externally' : 'refuse';
}

/** What a navigation of the app's window does: the app's own pages load, a web link goes to the system browser, nothing else happens. */
export function navigationVerdict(
  url: string,
  appOrigin: string | null,
  appFileRoot: string,
): 'allow' | 'open-externally' | 'refuse' {
  if (isAppUrl(url, appOrigin, appFileRoot)) return 'allow';
  return windowOpenVerdict(url);
}

/** Every permission (camera, notifications, geolocation…) is refused: a text editor needs none. */
export function grantsPermission(_permission: string): boolean {
  return false;
}

export type ResponseHeaders = Record<string, string | string[]>;

/**
 * A response's headers with the app's CSP added (frame-ancestors works only
 * as a header). In development only the dev server's responses get it.
 */
export function withSecurityHeaders(
  url: string,
  headers: ResponseHeaders | undefined,
  devServerUrl: string | null,
): ResponseHeaders {
  const out: ResponseHeaders = { ...headers };
  if (devServerUrl === null || url.startsWith(devServerUrl)) out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
