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
 * The app's own pages: the built files on `app://copydesk` (appScheme.ts), or
 * the dev server in development. Compared by origin, so `app://copydesk.evil`,
 * another port, or a user-info trick (`http://localhost:5173@evil.example`)
 * is not the app; `file://` never is.
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    // A custom scheme's URL has the origin "null" in Node's parser; compare what the origin is made of instead.
    return (
      `${parsed.protocol}//${parsed.host}`.toLowerCase() === appOrigin &&
      parsed.username === '' &&
      parsed.password === ''
    );
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
export function navigationVerdict(url: string, appOrigin: string): 'allow' | 'open-externally' | 'refuse' {
  if (isAppUrl(url, appOrigin)) return 'allow';
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
