import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_START_URL, appResponse, resolveAppFile } from '../../src/main/shell/appScheme';
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell/security';

/**
 * The app:// scheme that serves the built renderer: what each address gets,
 * checked against a real folder (the renderer's files, and a secret beside them).
 */

function builtRenderer(): string {
  const parent = mkdtempSync(join(tmpdir(), 'copydesk-scheme-'));
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Copydesk</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(root, 'assets', 'spell worker.js'), 'self.onmessage=null');
  writeFileSync(join(root, 'assets', 'notes.xyz'), 'unknown type');
  // Beside the renderer: what a path trick would be after.
  writeFileSync(join(parent, 'secret.html'), 'secret');
  mkdirSync(join(parent, 'renderer-old'));
  writeFileSync(join(parent, 'renderer-old', 'index.html'), 'old');
  return root;
}

describe('app://copydesk/ serves the built renderer and nothing else', () => {
  const root = builtRenderer();

  it('serves the page and its assets with their types', async () => {
    expect(APP_START_URL).toBe('app://copydesk/index.html');
    expect(await resolveAppFile('app://copydesk/index.html', root)).toMatchObject({
      status: 200,
      path: join(root, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    });
    expect(await resolveAppFile('app://copydesk/', root)).toMatchObject({
      status: 200,
      path: join(root, 'index.html'),
    });
    expect(await resolveAppFile('app://copydesk/assets/index-abc.js?v=1#x', root)).toMatchObject({
      status: 200,
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(await resolveAppFile('app://copydesk/assets/index-abc.css', root)).toMatchObject({
      mimeType: 'text/css; charset=utf-8',
    });
    expect(await resolveAppFile('app://copydesk/assets/font.woff2', root)).toMatchObject({ mimeType: 'font/woff2' });
    expect(await resolveAppFile('app://copydesk/assets/spell%20worker.js', root)).toMatchObject({
      status: 200,
      path: join(root, 'assets', 'spell worker.js'),
    });
  });

  it('refuses every way out of the folder', async () => {
    for (const url of [
      'app://copydesk/../secret.html',
      'app://copydesk/%2e%2e/secret.html',
      'app://copydesk/%2E%2E/%2e%2e/secret.html',
      'app://copydesk/assets/../../secret.html',
      'app://copydesk/..%2fsecret.html',
      'app://copydesk/..%2F..%2Frenderer-old%2Findex.html',
      'app://copydesk/%2e%2e%2fsecret.html',
    ]) {
      const answer = await resolveAppFile(url, root);
      // The URL parser folds a plain `..` away (index.html then does not match); a decoded one is refused.
      expect(answer.status, url).not.toBe(200);
      if (answer.status === 200) throw new Error(`${url} was served`);
    }
    expect((await resolveAppFile('app://copydesk/..%2fsecret.html', root)).status).toBe(403);
    // An absolute path, with a drive or a backslash, a NUL.
    expect((await resolveAppFile('app://copydesk//etc/passwd', root)).status).toBe(404);
    expect((await resolveAppFile('app://copydesk/%2Fetc%2Fpasswd', root)).status).toBe(404);
    expect((await resolveAppFile('app://copydesk/C:%5CWindows%5Cwin.ini', root)).status).toBe(400);
    expect((await resolveAppFile('app://copydesk/index.html%00.png', root)).status).toBe(400);
    expect((await resolveAppFile('app://copydesk/%E0%A4%A', root)).status).toBe(400);
  });

  it('answers only its own host, only reads, and 404 for what is not there or has no known type', async () => {
    expect(await resolveAppFile('app://evil/index.html', root)).toMatchObject({ status: 404 });
    expect(await resolveAppFile('app://copydesk.evil/index.html', root)).toMatchObject({ status: 404 });
    expect(await resolveAppFile(`file://${root}/index.html`, root)).toMatchObject({ status: 404 });
    expect(await resolveAppFile('app://copydesk/missing.js', root)).toMatchObject({
      status: 404,
      message: 'No such file: /missing.js',
    });
    expect(await resolveAppFile('app://copydesk/assets', root)).toMatchObject({ status: 404 });
    expect(await resolveAppFile('app://copydesk/assets/notes.xyz', root)).toMatchObject({ status: 404 });
    expect(await resolveAppFile('app://copydesk/index.html', root, 'POST')).toMatchObject({ status: 405 });
    expect(await resolveAppFile('not a url', root)).toMatchObject({ status: 400 });
  });

  it('answers with the file, its type, the CSP and nosniff; a refusal in words', async () => {
    const page = await appResponse({ url: 'app://copydesk/index.html', method: 'GET' }, root);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe('<!doctype html><title>Copydesk</title>');

    const head = await appResponse({ url: 'app://copydesk/index.html', method: 'HEAD' }, root);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const refused = await appResponse({ url: 'app://copydesk/..%2fsecret.html', method: 'GET' }, root);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('Outside the app');
    const missing = await appResponse({ url: 'app://copydesk/nope.html', method: 'GET' }, root);
    expect(missing.status).toBe(404);
  });
});

describe('the built renderer (out/renderer) through the scheme', () => {
  const root = resolve(__dirname, '..', '..', 'out', 'renderer');
  const built = existsSync(join(root, 'index.html'));
  if (!built)
    console.warn(
      'shell-app-scheme: out/renderer is not built, so the built page check is skipped; `npx electron-vite build` (npm test does) enables it.',
    );

  it.skipIf(!built)('serves the page and every script and stylesheet it names, each with its type', async () => {
    const page = await appResponse({ url: APP_START_URL, method: 'GET' }, root);
    expect(page.status).toBe(200);
    const html = readFileSync(join(root, 'index.html'), 'utf8');
    const named = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const path of named) {
      const answer = await appResponse({ url: `app://copydesk/${path}`, method: 'GET' }, root);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type'), path).toBe(
        path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      );
    }
    // The preload and main beside it are not the renderer's: out of reach.
    const preload = await appResponse({ url: 'app://copydesk/..%2fpreload%2findex.js', method: 'GET' }, root);
    expect(preload.status).toBe(403);
  });
});
