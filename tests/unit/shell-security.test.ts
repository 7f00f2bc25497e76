import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compileFunction } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { apiContract } from '../../src/common/api';
import type { AppEvent } from '../../src/common/api';
import { API_METHODS } from '../../src/common/apiMethods';
import { DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL_PREFIX } from '../../src/common/ipcChannels';
import { buildClient } from '../../src/common/client';
import {
  CONTENT_SECURITY_POLICY,
  grantsPermission,
  isAppUrl,
  isExternalWebLink,
  navigationVerdict,
  WEB_PREFERENCES,
  windowOpenVerdict,
  windowPreferences,
  withSecurityHeaders,
} from '../../src/main/shell/security';
import { APP_ORIGIN } from '../../src/main/shell/appScheme';

/**
 * The Electron shell's security, checked without Electron: the settings are
 * plain data and the decisions plain functions (src/main/shell/window.ts only
 * hands them to Electron), and the preload runs against a recording stand-in
 * for Electron's contextBridge and ipcRenderer. The layering is ESLint's job
 * (eslint.config.mjs).
 */

/** What the preload did with Electron, recorded by the stand-in that `vi.mock('electron')` gives it. */
const electron = vi.hoisted(() => {
  const exposed: Array<[string, unknown]> = [];
  const invoked: Array<[string, unknown]> = [];
  const listeners: Array<[string, unknown]> = [];
  const removed: Array<[string, unknown]> = [];
  const touched = new Set<string>();
  const methods: Record<string, (...args: never[]) => unknown> = {
    invoke: async (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return { ok: true, value: channel };
    },
    on: (channel: string, fn: unknown) => listeners.push([channel, fn]),
    removeListener: (channel: string, fn: unknown) => removed.push([channel, fn]),
  };
  // Every member the preload reaches for is noted, including ones that do not exist here.
  const ipcRenderer = new Proxy(methods, {
    get: (target, name) => {
      touched.add(String(name));
      return target[String(name)];
    },
  });
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) };
  const webUtils = { getPathForFile: (file: { path?: string }) => file.path ?? '' };
  // The preload listens for drops on its window; in Node the stand-in records the listener.
  const windowListeners: Array<[string, (event: unknown) => void, unknown]> = [];
  vi.stubGlobal('window', {
    addEventListener: (type: string, fn: (event: unknown) => void, capture: unknown) =>
      windowListeners.push([type, fn, capture]),
  });
  return { exposed, invoked, listeners, removed, touched, ipcRenderer, contextBridge, webUtils, windowListeners };
});
vi.mock('electron', () => ({
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
  webUtils: electron.webUtils,
}));

const ROOT = resolve(__dirname, '..', '..');
const OUT = join(ROOT, 'out');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

// ---------------------------------------------------------------- CSP helpers

function parseCsp(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (!name) continue;
    expect(map.has(name.toLowerCase()), `directive ${name} appears twice`).toBe(false);
    map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** Directives the CSP spec ignores when they come from a <meta> tag. */
const NOT_IN_META = ['frame-ancestors', 'report-uri', 'sandbox'];

function metaCsps(html: string): string[] {
  const out: string[] = [];
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gis)) {
    const attrs = new Map<string, string>();
    for (const m of tag.matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi))
      attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
    if (attrs.get('http-equiv')?.toLowerCase() === 'content-security-policy') out.push(attrs.get('content') ?? '');
  }
  return out;
}

function methodShape(client: object): string[] {
  const names: string[] = [];
  for (const [namespace, members] of Object.entries(client)) {
    if (namespace === 'events') continue;
    for (const [name, value] of Object.entries(members as Record<string, unknown>)) {
      expect(typeof value, `${namespace}.${name}`).toBe('function');
      names.push(`${namespace}.${name}`);
    }
  }
  return names.sort();
}

// ================================================================= tests

describe('the window settings (src/main/shell/security.ts)', () => {
  it('isolates and sandboxes the renderer and turns every Node and webview door off', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    // Any of these set to true would let pages reach Node; absent is fine (Electron's default is off).
    for (const key of [
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'experimentalFeatures',
      'enableBlinkFeatures',
    ] as const) {
      expect((WEB_PREFERENCES as Record<string, unknown>)[key] ?? false, key).toBeFalsy();
    }
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
  });

  it('has a content security policy that allows no inline or eval script and no plugins', () => {
    const csp = parseCsp(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    const scriptSrc = csp.get('script-src')!.join(' ');
    for (const bad of [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'wasm-unsafe-eval'",
      "'unsafe-hashes'",
      '*',
      'data:',
      'blob:',
      'http:',
      'https:',
    ]) {
      expect(scriptSrc.split(' '), `script-src must not allow ${bad}`).not.toContain(bad);
    }
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // No directive opens the app to the network at large.
    for (const [name, sources] of csp) expect(sources, name).not.toContain('*');
  });

  it('sends only web and mail links to the system browser', () => {
    for (const url of [
      'https://example.com/story',
      'http://example.com',
      'mailto:desk@example.com',
      'HTTPS://EXAMPLE.COM/',
    ]) {
      expect(isExternalWebLink(url), url).toBe(true);
    }
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'copydesk-image://abc',
      'copydesk-image:abc',
      'blob:https://example.com/0f6c',
      'smb://server/share',
      'ms-msdt:/id',
      '',
      'not a url',
      '//example.com/protocol-relative',
    ]) {
      expect(isExternalWebLink(url), url).toBe(false);
    }
  });

  it('knows the app by its origin: app://copydesk when built, the dev server in development, never a file', () => {
    const root = '/opt/Copydesk/resources/app/out/renderer';
    expect(isAppUrl('app://copydesk/index.html', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('app://copydesk/index.html#/drafts/1?x=1', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('app://copydesk/assets/index.js', APP_ORIGIN)).toBe(true);
    // Chromium writes a standard scheme's host in lower case; another host, a port or user-info is not the app.
    expect(isAppUrl('APP://COPYDESK/index.html', APP_ORIGIN)).toBe(true);
    expect(isAppUrl('app://copydesk.evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('app://evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('app://copydesk:8080/index.html', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('app://user@copydesk/index.html', APP_ORIGIN)).toBe(false);
    // The built files by path are no longer the app: the window never loads file://.
    expect(isAppUrl(`file://${root}/index.html`, APP_ORIGIN)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('https://example.com/', APP_ORIGIN)).toBe(false);
    expect(isAppUrl('not a url', APP_ORIGIN)).toBe(false);

    // Development: the dev server's origin, exactly.
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx?t=1', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.example/', dev)).toBe(false);
    expect(isAppUrl('app://copydesk/index.html', dev)).toBe(false);
  });

  it('gives each window exactly those preferences, plus its preload', () => {
    const prefs = windowPreferences('/app/out/preload/index.js');
    expect(prefs).toEqual({ ...WEB_PREFERENCES, preload: '/app/out/preload/index.js' });
  });
});

describe('where a link or a navigation goes', () => {
  const root = '/opt/Copydesk/resources/app/out/renderer';

  it('opens no new window: web and mail links go to the system browser, anything else nowhere', () => {
    for (const url of ['https://example.com/story', 'http://example.com/', 'mailto:desk@example.com'])
      expect(windowOpenVerdict(url), url).toBe('open-externally');
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      `file://${root}/index.html`,
      'copydesk-image://abc',
      'data:text/html,hi',
      'not a url',
    ]) {
      expect(windowOpenVerdict(url), url).toBe('refuse');
    }
  });

  it("lets the window load only the app's own pages; a web link leaves for the system browser", () => {
    expect(navigationVerdict('app://copydesk/index.html', APP_ORIGIN)).toBe('allow');
    expect(navigationVerdict('app://copydesk/index.html#/drafts/1', APP_ORIGIN)).toBe('allow');
    expect(navigationVerdict('https://example.com/story', APP_ORIGIN)).toBe('open-externally');
    expect(navigationVerdict('mailto:desk@example.com', APP_ORIGIN)).toBe('open-externally');
    for (const url of [
      'file:///etc/passwd',
      `file://${root}/index.html`,
      'app://copydesk.evil/index.html',
      'javascript:alert(1)',
      'copydesk-image://abc',
      '',
    ]) {
      expect(navigationVerdict(url, APP_ORIGIN), url).toBe('refuse');
    }
    // In development the dev server is the app, and the built files are not.
    const dev = 'http://localhost:5173';
    expect(navigationVerdict('http://localhost:5173/src/main.tsx', dev)).toBe('allow');
    expect(navigationVerdict('app://copydesk/index.html', dev)).toBe('refuse');
    expect(navigationVerdict('http://localhost:5174/', dev)).toBe('open-externally');
  });

  it('grants no permission a page asks for', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
      'unknown',
    ]) {
      expect(grantsPermission(permission), permission).toBe(false);
    }
  });

  it("adds the CSP header to the app's responses and keeps the others' headers", () => {
    const built = withSecurityHeaders(
      'file:///opt/Copydesk/out/renderer/index.html',
      { 'Content-Type': ['text/html'] },
      null,
    );
    expect(built).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withSecurityHeaders('copydesk-image://abc', undefined, null)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    // A response's own policy is replaced, not joined by a looser one.
    expect(
      withSecurityHeaders('file:///x/index.html', { 'Content-Security-Policy': ['default-src *'] }, null)[
        'Content-Security-Policy'
      ],
    ).toEqual([CONTENT_SECURITY_POLICY]);

    const dev = 'http://localhost:5173';
    expect(withSecurityHeaders('http://localhost:5173/index.html', {}, dev)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    // In development, other hosts' responses (a CMS preview fetched by the dev tools) are left as they came.
    expect(withSecurityHeaders('https://cms.example.com/', { Server: ['x'] }, dev)).toEqual({ Server: ['x'] });
  });
});

describe('the renderer page (src/renderer/index.html)', () => {
  it('carries the same policy in its CSP meta tag, minus what a meta tag cannot carry', () => {
    const metas = metaCsps(read('src/renderer/index.html'));
    expect(metas).toHaveLength(1);
    const expected = parseCsp(CONTENT_SECURITY_POLICY);
    for (const name of NOT_IN_META) expected.delete(name);
    expect(Object.fromEntries(parseCsp(metas[0]!))).toEqual(Object.fromEntries(expected));
  });

  it('loads no script from anywhere but its own files', () => {
    const html = read('src/renderer/index.html');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body!.trim(), 'no inline script').toBe('');
      expect(attrs).toMatch(/src="\.\//);
    }
  });
});

describe('the preload exposes exactly the contract', () => {
  it('exposes one client as window.copydesk, and reaches only invoke on the contract channel and the one event channel', async () => {
    await import('../../src/preload/index');
    expect(electron.exposed).toHaveLength(1);
    const [key, exposed] = electron.exposed[0]!;
    expect(key).toBe('copydesk');
    expect(methodShape(exposed as object)).toEqual([...API_METHODS].sort());

    const client = exposed as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    for (const method of API_METHODS) {
      const [namespace, name] = method.split('.') as [string, string];
      const input = { probe: method };
      await expect(client[namespace]![name]!(input)).resolves.toEqual({
        ok: true,
        value: INVOKE_CHANNEL_PREFIX + method,
      });
      expect(electron.invoked.at(-1)).toEqual([INVOKE_CHANNEL_PREFIX + method, input]);
    }
    expect(electron.invoked).toHaveLength(API_METHODS.length);

    // Events: the page gets the payload, never the IPC event (which carries the sender).
    const events: unknown[] = [];
    const unsubscribe = (client.events!.subscribe as unknown as (l: (e: unknown) => void) => () => void)((e) =>
      events.push(e),
    );
    expect(electron.listeners.map(([channel]) => channel)).toEqual([EVENT_CHANNEL]);
    const payload = { type: 'app.flush-requested', requestId: 7 };
    (electron.listeners[0]![1] as (event: unknown, p: unknown) => void)({ sender: 'stays in the preload' }, payload);
    expect(events).toEqual([payload]);
    unsubscribe();
    expect(electron.removed).toEqual([[EVENT_CHANNEL, electron.listeners[0]![1]]]);

    // A drop's paths are reported only from a drop the browser marks isTrusted, and only those Electron knows.
    expect(electron.windowListeners.map(([type, , capture]) => [type, capture])).toEqual([['drop', true]]);
    const onDrop = electron.windowListeners[0]![1];
    const before = electron.invoked.length;
    onDrop({ isTrusted: false, dataTransfer: { files: [{ path: '/home/writer/.ssh/id_ed25519' }] } });
    expect(electron.invoked).toHaveLength(before);
    onDrop({
      isTrusted: true,
      dataTransfer: { files: [{ path: '/home/writer/story.md' }, { name: 'made by a script' }] },
    });
    expect(electron.invoked.slice(before)).toEqual([[DROP_CHANNEL, ['/home/writer/story.md']]]);

    // Nothing else of ipcRenderer (send, sendSync, postMessage…) was reached for, and none of it is on the client.
    expect([...electron.touched].sort()).toEqual(['invoke', 'on', 'removeListener']);
    expect(Object.values(client).flatMap((members) => Object.values(members))).not.toContain(electron.ipcRenderer);
  });

  it('builds one function per API method (and events.subscribe), each invoking its own method', async () => {
    const invoked: Array<[string, unknown]> = [];
    const subscribe = (_listener: (event: AppEvent) => void) => () => undefined;
    const client = buildClient(async (method, input) => {
      invoked.push([method, input]);
      return { ok: true, value: method };
    }, subscribe);

    const namespaces = [...new Set(API_METHODS.map((m) => m.split('.')[0]!))];
    expect(Object.keys(client).sort()).toEqual([...namespaces, 'events'].sort());
    expect(methodShape(client)).toEqual([...API_METHODS].sort());
    expect(Object.keys(client.events)).toEqual(['subscribe']);
    expect(client.events.subscribe).toBe(subscribe);

    for (const method of API_METHODS) {
      const [namespace, name] = method.split('.') as [string, string];
      const fn = (client as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[
        namespace
      ]![name]!;
      const input = { probe: method };
      await expect(fn(input)).resolves.toEqual({ ok: true, value: method });
      expect(invoked.at(-1)).toEqual([method, input]);
      expect(invoked.at(-1)![1]).toBe(input);
    }
    expect(invoked).toHaveLength(API_METHODS.length);
  });

  it('gives every API method an input schema and a name the client can split into namespace and member', () => {
    expect(API_METHODS.length).toBeGreaterThan(0);
    for (const method of API_METHODS) {
      expect(typeof apiContract[method].input.safeParse, method).toBe('function');
      expect(method).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    }
  });
});

describe('the sandboxed preload can load', () => {
  const builtPreload = join(OUT, 'preload', 'index.js');
  const built = existsSync(builtPreload);
  if (!built)
    console.warn(
      'shell-security: out/preload/index.js is not built, so the bundle check is skipped; `npx electron-vite build` (npm test does) enables it.',
    );

  it.skipIf(!built)(
    'the built out/preload/index.js requires nothing but electron, and exposes the contract when run',
    async () => {
      const code = readFileSync(builtPreload, 'utf8');
      // The build gives the preload the contract's names alone (electron.vite.config.ts): the schemas stay in main.
      expect(code, 'no zod in the preload').not.toMatch(/ZodError|\$ZodType|\bsafeParse\b/);
      const required = [...code.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]*)\1\s*\)/g)].map((m) => m[2]);
      expect([...new Set(required)]).toEqual(['electron']);
      expect(code, 'no other way of loading code').not.toMatch(/\brequire\s*\(\s*[^"'`\s]/);
      expect(code, 'a sandboxed preload is CommonJS').not.toMatch(/^\s*(import|export)\s/m);

      // Run the bundle against a fake Electron, the way the sandbox's require would.
      const asked: string[] = [];
      const exposed: Array<[string, unknown]> = [];
      const invoked: Array<[string, unknown]> = [];
      const listeners: Array<[string, unknown]> = [];
      const removed: Array<[string, unknown]> = [];
      const windowListeners: Array<[string, (event: unknown) => void, unknown]> = [];
      const fakeWindow = {
        addEventListener: (type: string, fn: (event: unknown) => void, capture: unknown) =>
          windowListeners.push([type, fn, capture]),
      };
      const fakeElectron = {
        webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
        contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
        ipcRenderer: {
          invoke: async (channel: string, input: unknown) => {
            invoked.push([channel, input]);
            return { ok: true, value: channel };
          },
          on: (channel: string, fn: unknown) => listeners.push([channel, fn]),
          removeListener: (channel: string, fn: unknown) => removed.push([channel, fn]),
        },
      };
      const fakeRequire = (name: string): unknown => {
        asked.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return fakeElectron;
      };
      const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname', 'window'], {
        filename: builtPreload,
      }) as (...args: unknown[]) => void;
      const module = { exports: {} };
      run(module.exports, fakeRequire, module, builtPreload, dirname(builtPreload), fakeWindow);

      // A drop's paths are reported only from a drop the browser marks isTrusted, and only those Electron knows.
      expect(windowListeners.map(([type, , capture]) => [type, capture])).toEqual([['drop', true]]);
      const onDrop = windowListeners[0]![1];
      onDrop({ isTrusted: false, dataTransfer: { files: [{ path: '/home/writer/.ssh/id_ed25519' }] } });
      expect(invoked).toEqual([]);
      onDrop({
        isTrusted: true,
        dataTransfer: { files: [{ path: '/home/writer/story.md' }, { name: 'made by a script' }] },
      });
      expect(invoked).toEqual([[DROP_CHANNEL, ['/home/writer/story.md']]]);
      invoked.length = 0;

      expect([...new Set(asked)]).toEqual(['electron']);
      expect(exposed).toHaveLength(1);
      const [key, api] = exposed[0]!;
      expect(key).toBe('copydesk');
      expect(
        methodShape(api as object),
        'the contract (if out/ is older than the source: npx electron-vite build)',
      ).toEqual([...API_METHODS].sort());
      const client = api as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      await expect(client.drafts!.list!({ q: 1 })).resolves.toEqual({
        ok: true,
        value: `${INVOKE_CHANNEL_PREFIX}drafts.list`,
      });
      expect(invoked).toEqual([[`${INVOKE_CHANNEL_PREFIX}drafts.list`, { q: 1 }]]);

      const events: unknown[] = [];
      const unsubscribe = (client.events!.subscribe as unknown as (l: (e: unknown) => void) => () => void)((e) =>
        events.push(e),
      );
      expect(listeners).toHaveLength(1);
      expect(listeners[0]![0]).toBe(EVENT_CHANNEL);
      const payload = { type: 'app.flush-requested', requestId: 7 };
      (listeners[0]![1] as (event: unknown, p: unknown) => void)(
        { sender: 'the ipc event stays in the preload' },
        payload,
      );
      expect(events).toEqual([payload]);
      unsubscribe();
      expect(removed).toEqual([[EVENT_CHANNEL, listeners[0]![1]]]);
    },
  );
});
