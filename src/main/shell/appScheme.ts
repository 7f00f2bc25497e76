import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

/**
 * The built renderer is served from `app://copydesk/`, a privileged scheme of
 * our own, never from `file://` (Electron's security checklist): the page gets
 * a real origin that the CSP's 'self', the navigation rules and workers can
 * name, and a request reaches only the files of the renderer's folder.
 * This module decides what a request gets; index.ts answers it.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'copydesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: relative URLs and an origin; secure: like https, so the page is a
 * secure context; corsEnabled: Vite's module scripts load with CORS;
 * codeCache: V8 keeps compiled code between launches as it does for files.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
} as const;

/** What the built renderer holds; anything else is not served rather than guessed. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.aff': 'text/plain; charset=utf-8',
  '.dic': 'text/plain; charset=utf-8',
};

export type AppFileAnswer =
  { status: 200; path: string; mimeType: string } | { status: 400 | 403 | 404 | 405; message: string };

/**
 * The file an `app://copydesk/…` request names inside `root`, or why not.
 * The path is taken from the URL parser (which already resolved `..` and
 * `%2e%2e`), then decoded and checked again, so an encoded separator or a
 * second round of `..` cannot step out of the folder either.
 */
export async function resolveAppFile(url: string, root: string, method = 'GET'): Promise<AppFileAnswer> {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, message: `${method} is not served` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, message: 'Not an address' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) {
    return { status: 404, message: `Nothing is served for ${parsed.protocol}//${parsed.host}` };
  }
  let name: string;
  try {
    name = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400, message: 'The path is not valid UTF-8' };
  }
  if (name.includes('\0') || name.includes('\\')) return { status: 400, message: 'The path has a forbidden character' };
  if (name === '/' || name === '') name = '/index.html';
  const base = resolve(root);
  const path = resolve(base, `.${name}`);
  const inside = relative(base, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { status: 403, message: 'Outside the app' };
  }
  const mimeType = MIME_TYPES[extname(path).toLowerCase()];
  if (!mimeType) return { status: 404, message: `No such file: ${name}` };
  try {
    if (!(await stat(path)).isFile()) return { status: 404, message: `No such file: ${name}` };
  } catch {
    return { status: 404, message: `No such file: ${name}` };
  }
  return { status: 200, path, mimeType };
}

/**
 * The answer to one request of the scheme (`protocol.handle` in index.ts):
 * the file with its type and the app's CSP (the session's header hook does
 * not see a custom scheme's responses), or the refusal in words.
 */
export async function appResponse(request: Pick<Request, 'url' | 'method'>, root: string): Promise<Response> {
  const answer = await resolveAppFile(request.url, root, request.method);
  if (answer.status !== 200) {
    return new Response(answer.message, {
      status: answer.status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const headers = {
    'Content-Type': answer.mimeType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
  return new Response(request.method === 'HEAD' ? null : await readFile(answer.path), { status: 200, headers });
}
