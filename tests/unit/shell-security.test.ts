import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { compileFunction } from 'node:vm';
import type * as TS from 'typescript';
import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../src/common/api';
import type { AppEvent } from '../../src/common/api';
import { API_METHODS, DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL_PREFIX } from '../../src/common/apiMethods';
import { buildClient } from '../../src/common/client';
import { CONTENT_SECURITY_POLICY, isAppUrl, isExternalWebLink, WEB_PREFERENCES } from '../../src/main/shell/security';

/**
 * The Electron shell's security, checked without Electron: the settings are
 * plain data, the code that applies them is read as TypeScript syntax, and
 * the built preload (when there is one) runs against a fake `require`.
 * Nothing here imports 'electron'.
 */

/** Loaded by Node itself: through Vitest's module runner the compiler takes seconds to import. */
const ts = createRequire(__filename)('typescript') as typeof TS;

const ROOT = resolve(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const OUT = join(ROOT, 'out');
const rel = (file: string): string => relative(ROOT, file).split(sep).join('/');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

// ---------------------------------------------------------------- syntax helpers

function parseTs(path: string): TS.SourceFile {
  const full = resolve(ROOT, path);
  const kind = full.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(full, readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true, kind);
}

function descendants(node: TS.Node): TS.Node[] {
  const out: TS.Node[] = [];
  const visit = (n: TS.Node): void => {
    out.push(n);
    n.forEachChild(visit);
  };
  node.forEachChild(visit);
  return out;
}

/** Calls whose callee is `<anything>.name(...)` or `name(...)`. */
function callsTo(node: TS.Node, name: string): TS.CallExpression[] {
  return [node, ...descendants(node)].filter((n): n is TS.CallExpression => {
    if (!ts.isCallExpression(n)) return false;
    const callee = n.expression;
    return (ts.isPropertyAccessExpression(callee) && callee.name.text === name) || (ts.isIdentifier(callee) && callee.text === name);
  });
}

const isStringArg = (node: TS.Node | undefined, value: string): boolean => node !== undefined && ts.isStringLiteralLike(node) && node.text === value;

function asFunction(node: TS.Node | undefined): TS.ArrowFunction | TS.FunctionExpression {
  if (node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node))) return node;
  throw new Error(`expected an inline function, got: ${node?.getText() ?? 'nothing'}`);
}

/** The values a function can return: its expression body, or every `return` in it (not in nested functions). */
function returnedValues(fn: TS.ArrowFunction | TS.FunctionExpression): TS.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: TS.Expression[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n)) out.push(n.expression ?? ts.factory.createIdentifier('undefined'));
    n.forEachChild(visit);
  };
  fn.body.forEachChild(visit);
  return out;
}

function unwrap(node: TS.Expression): TS.Expression {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
  return n;
}

function propertyNamed(obj: TS.ObjectLiteralExpression, name: string): TS.PropertyAssignment | undefined {
  return obj.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name);
}

/** The enclosing exported function's name, for "is this code actually called?" */
function enclosingFunctionName(node: TS.Node): string | undefined {
  for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
  }
  return undefined;
}

/** Every shell.openExternal(url) in `fn` sits inside an `if (isExternalWebLink(url))`. */
function expectOpenExternalGuarded(fn: TS.Node): void {
  for (const open of callsTo(fn, 'openExternal')) {
    const target = open.arguments[0]?.getText();
    const guarded = descendants(fn).some(
      (n) =>
        ts.isIfStatement(n) &&
        descendants(n.thenStatement).includes(open) &&
        callsTo(n.expression, 'isExternalWebLink').some((c) => c.arguments[0]?.getText() === target),
    );
    expect(guarded, `${open.getText()} is guarded by isExternalWebLink(${target})`).toBe(true);
  }
}

// ---------------------------------------------------------------- import graph

interface ImportRef {
  spec: string;
  /** `import type`, or every named binding is `type`: erased at build time. */
  typeOnly: boolean;
}

function importsOf(file: string): ImportRef[] {
  const sf = parseTs(file);
  const refs: ImportRef[] = [];
  for (const n of descendants(sf)) {
    if (ts.isImportDeclaration(n) && ts.isStringLiteralLike(n.moduleSpecifier)) {
      const clause = n.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      refs.push({ spec: n.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteralLike(n.moduleSpecifier)) {
      refs.push({ spec: n.moduleSpecifier.text, typeOnly: n.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteralLike(n.moduleReference.expression)) {
      refs.push({ spec: n.moduleReference.expression.text, typeOnly: n.isTypeOnly });
    } else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) {
      const [arg] = n.arguments;
      refs.push({ spec: arg && ts.isStringLiteralLike(arg) ? arg.text : `<computed: ${arg?.getText() ?? ''}>`, typeOnly: false });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      refs.push({ spec: n.argument.literal.text, typeOnly: true });
    }
  }
  return refs;
}

const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : SOURCE_EXT.test(name) ? [full] : [];
  });
}

type Room = 'common' | 'main' | 'preload' | 'renderer';

function roomOf(file: string): Room | 'outside' {
  const parts = relative(SRC, file).split(sep);
  return parts[0] === 'common' || parts[0] === 'main' || parts[0] === 'preload' || parts[0] === 'renderer' ? parts[0] : 'outside';
}

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]!);
const isElectron = (spec: string): boolean => spec === 'electron' || spec.startsWith('electron/');
const isRelative = (spec: string): boolean => spec.startsWith('./') || spec.startsWith('../');

/** Resolves a relative specifier to a file the way the bundler does (extension or index omitted). */
function resolveRelative(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  const candidates = [base, ...['.ts', '.tsx', '.d.ts', '.js', '.mjs'].map((e) => base + e), ...['index.ts', 'index.tsx'].map((i) => join(base, i))];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return found ?? base;
}

interface Edge {
  from: string;
  spec: string;
  typeOnly: boolean;
  /** The file a relative import reaches, else null. */
  target: string | null;
}

const SRC_FILES = filesUnder(SRC);
const EDGES: Edge[] = SRC_FILES.flatMap((from) =>
  importsOf(from).map(({ spec, typeOnly }) => ({ from, spec, typeOnly, target: isRelative(spec) ? resolveRelative(from, spec) : null })),
);
const show = (edges: Edge[]): string[] => edges.map((e) => `${rel(e.from)} -> ${e.spec}`);

/** Every module a file pulls in at run time, following relative value imports. */
function runtimeClosure(entry: string): { files: string[]; bare: string[] } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const { spec, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      if (isRelative(spec)) visit(resolveRelative(file, spec));
      else bare.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map(rel).sort(), bare: [...bare].sort() };
}

/** Source files of `entry`'s run-time closure changed after `built` was written. */
function staleBehind(built: string, entry: string): string[] {
  const builtAt = statSync(built).mtimeMs;
  return runtimeClosure(entry).files.filter((f) => statSync(join(ROOT, f)).mtimeMs > builtAt);
}

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
    for (const m of tag.matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) attrs.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
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
    for (const key of ['nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'experimentalFeatures', 'enableBlinkFeatures'] as const) {
      expect((WEB_PREFERENCES as Record<string, unknown>)[key] ?? false, key).toBeFalsy();
    }
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
  });

  it('has a content security policy that allows no inline or eval script and no plugins', () => {
    const csp = parseCsp(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    const scriptSrc = csp.get('script-src')!.join(' ');
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'", '*', 'data:', 'blob:', 'http:', 'https:']) {
      expect(scriptSrc.split(' '), `script-src must not allow ${bad}`).not.toContain(bad);
    }
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // No directive opens the app to the network at large.
    for (const [name, sources] of csp) expect(sources, name).not.toContain('*');
  });

  it('sends only web and mail links to the system browser', () => {
    for (const url of ['https://example.com/story', 'http://example.com', 'mailto:desk@example.com', 'HTTPS://EXAMPLE.COM/']) {
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

  it('knows the app by its built files, and by the dev server in development', () => {
    const root = '/opt/Copydesk/resources/app/out/renderer';
    // Built app: only files under the renderer folder.
    expect(isAppUrl(`file://${root}/index.html`, null, root)).toBe(true);
    expect(isAppUrl(`file://${root}/index.html#/drafts/1?x=1`, null, root)).toBe(true);
    expect(isAppUrl(`file://${root}/assets/index.js`, null, root)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', null, root)).toBe(false);
    expect(isAppUrl(`file://${root}/../../../../../etc/passwd`, null, root)).toBe(false);
    expect(isAppUrl(`file://${root}/%2e%2e/%2e%2e/secret.html`, null, root)).toBe(false);
    // A sibling folder that merely starts with the same letters is not the app.
    expect(isAppUrl(`file://${root}-old/index.html`, null, root)).toBe(false);
    expect(isAppUrl(`file://${root}evil/index.html`, null, root)).toBe(false);
    // A file URL with a host is a network share on Windows, not the app's files.
    expect(isAppUrl(`file://evil.example${root}/index.html`, null, root)).toBe(false);
    expect(isAppUrl('https://example.com/', null, root)).toBe(false);
    expect(isAppUrl('not a url', null, root)).toBe(false);
    // Folders with spaces or non-ASCII letters, as Chromium writes them; a root given with its trailing slash.
    const spaced = '/home/zoë/Copy Desk/out/renderer';
    expect(isAppUrl('file:///home/zo%C3%AB/Copy%20Desk/out/renderer/index.html', null, spaced)).toBe(true);
    expect(isAppUrl('file:///home/zo%C3%AB/Copy%20Desk/out/other/index.html', null, spaced)).toBe(false);
    expect(isAppUrl(`file://${root}/index.html`, null, `${root}/`)).toBe(true);

    // Development: the dev server's origin, exactly.
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/', dev, root)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx?t=1', dev, root)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev, root)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev, root)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.example/', dev, root)).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.example/', dev, root)).toBe(false);
    expect(isAppUrl(`file://${root}/index.html`, dev, root)).toBe(false);
  });
});

describe('the window applies those settings (src/main/shell/window.ts, src/main/index.ts)', () => {
  const windowTs = parseTs('src/main/shell/window.ts');
  const indexTs = parseTs('src/main/index.ts');
  const shellFiles = [windowTs, indexTs];

  it('spreads WEB_PREFERENCES into every BrowserWindow and overrides none of them', () => {
    const windows = shellFiles.flatMap((sf) =>
      descendants(sf).filter((n): n is TS.NewExpression => ts.isNewExpression(n) && n.expression.getText() === 'BrowserWindow'),
    );
    expect(windows.length).toBeGreaterThan(0);
    for (const created of windows) {
      const options = unwrap(created.arguments?.[0] ?? ts.factory.createIdentifier('undefined'));
      expect(ts.isObjectLiteralExpression(options), created.getText()).toBe(true);
      const prefs = propertyNamed(options as TS.ObjectLiteralExpression, 'webPreferences');
      expect(prefs, 'webPreferences').toBeDefined();
      const literal = unwrap(prefs!.initializer);
      expect(ts.isObjectLiteralExpression(literal), literal.getText()).toBe(true);
      const props = (literal as TS.ObjectLiteralExpression).properties;
      const spread = props.findIndex((p) => ts.isSpreadAssignment(p) && p.expression.getText() === 'WEB_PREFERENCES');
      expect(spread, `${literal.getText()} spreads WEB_PREFERENCES`).toBeGreaterThanOrEqual(0);
      // Anything after the spread must not undo a security setting.
      const after = props.slice(spread + 1).map((p) => (ts.isSpreadAssignment(p) ? '...' + p.expression.getText() : (p.name?.getText() ?? '?')));
      const overridden = after.filter((name) => name in WEB_PREFERENCES || name.startsWith('...'));
      expect(overridden, 'settings overriding WEB_PREFERENCES').toEqual([]);
    }
    expect(windowTs.text).toMatch(/import\s*\{[^}]*\bWEB_PREFERENCES\b[^}]*\}\s*from\s*'\.\/security'/);
  });

  it('denies every window.open and sends web links to the system browser instead', () => {
    const handlers = callsTo(windowTs, 'setWindowOpenHandler');
    expect(handlers).toHaveLength(1);
    const fn = asFunction(handlers[0]!.arguments[0]);
    const returns = returnedValues(fn);
    expect(returns.length).toBeGreaterThan(0);
    for (const value of returns) {
      const obj = unwrap(value);
      expect(ts.isObjectLiteralExpression(obj), value.getText()).toBe(true);
      const action = propertyNamed(obj as TS.ObjectLiteralExpression, 'action');
      expect(action && isStringArg(action.initializer, 'deny'), value.getText()).toBe(true);
    }
    expectOpenExternalGuarded(fn);
  });

  it('blocks navigation away from the app and refuses <webview>', () => {
    const navigate = callsTo(windowTs, 'on').filter((c) => isStringArg(c.arguments[0], 'will-navigate'));
    expect(navigate).toHaveLength(1);
    const fn = asFunction(navigate[0]!.arguments[1]);
    const event = fn.parameters[0]?.name.getText();
    expect(event).toBeTruthy();
    expect(callsTo(fn, 'isAppUrl'), 'asks isAppUrl').toHaveLength(1);
    const prevented = callsTo(fn, 'preventDefault').filter((c) => ts.isPropertyAccessExpression(c.expression) && c.expression.expression.getText() === event);
    expect(prevented, 'calls event.preventDefault()').toHaveLength(1);
    // The only way past preventDefault is the isAppUrl check that returns early.
    const body = fn.body as TS.Block;
    const early = body.statements.findIndex(
      (s) => ts.isIfStatement(s) && callsTo(s.expression, 'isAppUrl').length === 1 && ts.isReturnStatement(s.thenStatement),
    );
    const prevent = body.statements.findIndex((s) => descendants(s).includes(prevented[0]!) || s === prevented[0]!.parent);
    expect(early, 'if (isAppUrl(...)) return;').toBeGreaterThanOrEqual(0);
    expect(prevent).toBe(early + 1);
    expectOpenExternalGuarded(fn);

    const webview = callsTo(windowTs, 'on').filter((c) => isStringArg(c.arguments[0], 'will-attach-webview'));
    expect(webview).toHaveLength(1);
    expect(callsTo(webview[0]!, 'preventDefault')).toHaveLength(1);
  });

  it('denies every permission request, on the session the app uses', () => {
    const requests = shellFiles.flatMap((sf) => callsTo(sf, 'setPermissionRequestHandler'));
    expect(requests).toHaveLength(1);
    const fn = asFunction(requests[0]!.arguments[0]);
    const callback = fn.parameters[2]?.name.getText();
    expect(callback, 'the handler takes (webContents, permission, callback)').toBeTruthy();
    const answers = callsTo(fn, callback!);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer.arguments.map((a) => a.getText()), answer.getText()).toEqual(['false']);

    const checks = shellFiles.flatMap((sf) => callsTo(sf, 'setPermissionCheckHandler'));
    expect(checks).toHaveLength(1);
    for (const value of returnedValues(asFunction(checks[0]!.arguments[0]))) expect(value.getText()).toBe('false');

    // The handler lives in a function: that function must be called by the app on its session.
    const owner = enclosingFunctionName(requests[0]!);
    if (owner) {
      const uses = callsTo(indexTs, owner);
      expect(uses.length, `src/main/index.ts calls ${owner}`).toBeGreaterThan(0);
      expect(uses[0]!.arguments[0]?.getText()).toBe('session.defaultSession');
    }
    // The same session gets the CSP as a header too (frame-ancestors only works there).
    expect(windowTs.text).toMatch(/\['Content-Security-Policy'\]\s*=\s*\[CONTENT_SECURITY_POLICY\]/);
  });

  it('takes the single-instance lock before doing anything else', () => {
    const source = indexTs.text;
    expect(source).toMatch(/if\s*\(\s*!\s*app\.requestSingleInstanceLock\(\)\s*\)\s*\{?\s*app\.(quit|exit)\(/);
    // The lock is taken at top level, not lazily inside some handler.
    const lock = callsTo(indexTs, 'requestSingleInstanceLock');
    expect(lock).toHaveLength(1);
    expect(enclosingFunctionName(lock[0]!)).toBeUndefined();
    expect(callsTo(indexTs, 'on').some((c) => isStringArg(c.arguments[0], 'second-instance')), 'handles second-instance').toBe(true);
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
  const preload = parseTs('src/preload/index.ts');

  it('calls contextBridge.exposeInMainWorld once, as "copydesk", with the client built from the contract', () => {
    const exposeCalls = [...callsTo(preload, 'exposeInMainWorld'), ...callsTo(preload, 'exposeInIsolatedWorld')];
    expect(exposeCalls).toHaveLength(1);
    const [call] = exposeCalls;
    expect(call!.expression.getText()).toBe('contextBridge.exposeInMainWorld');
    expect(isStringArg(call!.arguments[0], 'copydesk')).toBe(true);
    expect(call!.arguments).toHaveLength(2);

    // The value exposed is a const initialised by buildClient(...), nothing else.
    const exposed = call!.arguments[1]!;
    expect(ts.isIdentifier(exposed), exposed.getText()).toBe(true);
    const declarations = descendants(preload).filter(
      (n): n is TS.VariableDeclaration => ts.isVariableDeclaration(n) && n.name.getText() === exposed.getText(),
    );
    expect(declarations).toHaveLength(1);
    expect(declarations[0]!.parent.flags & ts.NodeFlags.Const, 'declared const').toBeTruthy();
    const init = declarations[0]!.initializer!;
    expect(ts.isCallExpression(init) && init.expression.getText()).toBe('buildClient');
    const assignments = descendants(preload).filter(
      (n) => ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && n.left.getText().startsWith(exposed.getText()),
    );
    expect(assignments.map((a) => a.getText()), 'nothing is added to the client afterwards').toEqual([]);
  });

  it('never hands out ipcRenderer, send or a generic on: only invoke on the contract channel and the one event channel', () => {
    const members = descendants(preload).filter(ts.isPropertyAccessExpression).map((p) => p.name.text);
    for (const forbidden of ['send', 'sendSync', 'sendToHost', 'postMessage', 'sendTo']) expect(members, forbidden).not.toContain(forbidden);
    const identifiers = descendants(preload).filter(ts.isIdentifier).map((i) => i.text);
    for (const forbidden of ['process', 'require', 'webFrame', 'ipcRendererInternal']) expect(identifiers, forbidden).not.toContain(forbidden);

    const uses = descendants(preload).filter(
      (n): n is TS.Identifier => ts.isIdentifier(n) && n.text === 'ipcRenderer' && !ts.isImportSpecifier(n.parent),
    );
    expect(uses.length).toBeGreaterThan(0);
    const allowed: Record<string, (args: TS.NodeArray<TS.Expression>) => boolean> = {
      // The contract's channels, and the preload's own report of a real drop (src/main/shell/drops.ts).
      invoke: (args) => (!!args[0] && ts.isBinaryExpression(args[0]) && args[0].left.getText() === 'INVOKE_CHANNEL_PREFIX') || args[0]?.getText() === 'DROP_CHANNEL',
      on: (args) => args[0]?.getText() === 'EVENT_CHANNEL',
      removeListener: (args) => args[0]?.getText() === 'EVENT_CHANNEL',
      off: (args) => args[0]?.getText() === 'EVENT_CHANNEL',
    };
    for (const use of uses) {
      // Only ever `ipcRenderer.<method>(...)`: never passed, stored or returned as a value.
      const access = use.parent;
      expect(ts.isPropertyAccessExpression(access) && access.expression === use, use.parent.getText()).toBe(true);
      const method = (access as TS.PropertyAccessExpression).name.text;
      const call = access.parent;
      expect(ts.isCallExpression(call) && call.expression === access, access.parent.getText()).toBe(true);
      expect(Object.keys(allowed), `ipcRenderer.${method}`).toContain(method);
      expect(allowed[method]!((call as TS.CallExpression).arguments), call.getText()).toBe(true);
    }
    const [expose] = callsTo(preload, 'exposeInMainWorld');
    expect(descendants(expose!).some((n) => ts.isIdentifier(n) && n.text === 'ipcRenderer')).toBe(false);
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
      const fn = (client as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[namespace]![name]!;
      const input = { probe: method };
      await expect(fn(input)).resolves.toEqual({ ok: true, value: method });
      expect(invoked.at(-1)).toEqual([method, input]);
      expect(invoked.at(-1)![1]).toBe(input);
    }
    expect(invoked).toHaveLength(API_METHODS.length);
  });

  it('has one validation schema for every API method, and no schema without a method', () => {
    expect(new Set(API_METHODS).size, 'no method listed twice').toBe(API_METHODS.length);
    expect(Object.keys(apiSchema).sort()).toEqual([...API_METHODS].sort());
    for (const method of API_METHODS) {
      expect(typeof apiSchema[method].safeParse, method).toBe('function');
      expect(method).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    }
  });
});

describe('the layering (docs/ARCHITECTURE.md, "Rooms"), over every file under src/', () => {
  it('finds files in every room and sees their imports', () => {
    for (const room of ['common', 'main', 'preload', 'renderer'] as const) {
      expect(SRC_FILES.filter((f) => roomOf(f) === room).length, room).toBeGreaterThan(0);
    }
    expect(SRC_FILES.filter((f) => roomOf(f) === 'outside').map(rel)).toEqual([]);
    // The scanner itself works: it sees the preload's electron import and main's relative imports.
    expect(show(EDGES)).toContain('src/preload/index.ts -> electron');
    expect(EDGES.filter((e) => e.target !== null).every((e) => existsSync(e.target!)), 'every relative import resolves').toBe(true);
  });

  it('only src/main/index.ts, src/main/shell/** and src/preload/** import electron', () => {
    const shellFile = (file: string): boolean => {
      const r = rel(file);
      return r === 'src/main/index.ts' || r.startsWith('src/main/shell/') || r.startsWith('src/preload/');
    };
    expect(show(EDGES.filter((e) => isElectron(e.spec) && !shellFile(e.from)))).toEqual([]);
    expect(show(EDGES.filter((e) => e.spec.startsWith('<computed')))).toEqual([]);
  });

  it('common imports nothing from main, renderer, preload or Node', () => {
    const bad = EDGES.filter(
      (e) => roomOf(e.from) === 'common' && (isNodeBuiltin(e.spec) || isElectron(e.spec) || (e.target !== null && roomOf(e.target) !== 'common')),
    );
    expect(show(bad)).toEqual([]);
  });

  it('the renderer never imports main, the preload or Node', () => {
    const bad = EDGES.filter(
      (e) => roomOf(e.from) === 'renderer' && (isNodeBuiltin(e.spec) || (e.target !== null && (roomOf(e.target) === 'main' || roomOf(e.target) === 'preload'))),
    );
    expect(show(bad)).toEqual([]);
  });

  it('main never imports the renderer or the preload', () => {
    const bad = EDGES.filter((e) => roomOf(e.from) === 'main' && e.target !== null && (roomOf(e.target) === 'renderer' || roomOf(e.target) === 'preload'));
    expect(show(bad)).toEqual([]);
  });

  it('the preload imports only common and electron', () => {
    const bad = EDGES.filter((e) => roomOf(e.from) === 'preload' && !isElectron(e.spec) && (e.target === null || roomOf(e.target) !== 'common'));
    expect(show(bad)).toEqual([]);
  });
});

describe('the sandboxed preload can load', () => {
  const builtPreload = join(OUT, 'preload', 'index.js');

  if (existsSync(builtPreload)) {
    it('the built out/preload/index.js requires nothing but electron, and exposes the contract when run', async () => {
      const code = readFileSync(builtPreload, 'utf8');
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
      const fakeWindow = { addEventListener: (type: string, fn: (event: unknown) => void, capture: unknown) => windowListeners.push([type, fn, capture]) };
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
      const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname', 'window'], { filename: builtPreload });
      const module = { exports: {} };
      run(module.exports, fakeRequire, module, builtPreload, dirname(builtPreload), fakeWindow);

      // A drop's paths are reported only from a drop the browser marks isTrusted, and only those Electron knows.
      expect(windowListeners.map(([type, , capture]) => [type, capture])).toEqual([['drop', true]]);
      const onDrop = windowListeners[0]![1];
      onDrop({ isTrusted: false, dataTransfer: { files: [{ path: '/home/writer/.ssh/id_ed25519' }] } });
      expect(invoked).toEqual([]);
      onDrop({ isTrusted: true, dataTransfer: { files: [{ path: '/home/writer/story.md' }, { name: 'made by a script' }] } });
      expect(invoked).toEqual([[DROP_CHANNEL, ['/home/writer/story.md']]]);
      invoked.length = 0;

      expect([...new Set(asked)]).toEqual(['electron']);
      expect(exposed).toHaveLength(1);
      const [key, api] = exposed[0]!;
      expect(key).toBe('copydesk');
      const stale = staleBehind(builtPreload, join(SRC, 'preload', 'index.ts'));
      expect(methodShape(api as object), stale.length ? `out/ is older than ${stale.join(', ')}: run npm run build` : 'the contract').toEqual(
        [...API_METHODS].sort(),
      );
      const client = api as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
      await expect(client.drafts!.list!({ q: 1 })).resolves.toEqual({ ok: true, value: `${INVOKE_CHANNEL_PREFIX}drafts.list` });
      expect(invoked).toEqual([[`${INVOKE_CHANNEL_PREFIX}drafts.list`, { q: 1 }]]);

      const events: unknown[] = [];
      const unsubscribe = (client.events!.subscribe as unknown as (l: (e: unknown) => void) => () => void)((e) => events.push(e));
      expect(listeners).toHaveLength(1);
      expect(listeners[0]![0]).toBe(EVENT_CHANNEL);
      const payload = { type: 'app.flush-requested', requestId: 7 };
      (listeners[0]![1] as (event: unknown, p: unknown) => void)({ sender: 'the ipc event stays in the preload' }, payload);
      expect(events).toEqual([payload]);
      unsubscribe();
      expect(removed).toEqual([[EVENT_CHANNEL, listeners[0]![1]]]);
    });
  } else {
    it('out/ is not built, so checking the source instead: the preload reaches only electron and src/common at run time, and is bundled whole', () => {
      const closure = runtimeClosure(join(SRC, 'preload', 'index.ts'));
      expect(closure.bare).toEqual(['electron']);
      for (const file of closure.files) expect(file).toMatch(/^src\/(preload|common)\//);
      const config = read('electron.vite.config.ts');
      const preloadSection = config.slice(config.indexOf('preload:'), config.indexOf('renderer:'));
      expect(preloadSection).toMatch(/externalizeDeps:\s*false/);
    });
  }

  it('the preload source pulls in only electron and src/common at run time (no validation library, no Node)', () => {
    const closure = runtimeClosure(join(SRC, 'preload', 'index.ts'));
    expect(closure.bare).toEqual(['electron']);
    expect(closure.files.every((f) => /^src\/(preload|common)\//.test(f)), closure.files.join(', ')).toBe(true);
  });
});
