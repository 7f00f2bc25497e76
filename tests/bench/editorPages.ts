import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the editor benchmark loads in Chromium: the app's renderer as
 * `electron-vite build` makes it (out/renderer, rebuilt here when a source
 * is newer), and the two baseline pages under tests/bench/pages/ — a bare
 * Lexical rich-text editor and a bare contenteditable — built with Vite's
 * own build() into the bench cache, never through the app's config.
 */

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Returns out/renderer, running `electron-vite build` first if it is missing or older than its sources. */
export function builtRenderer(root: string, log: (line: string) => void): string {
  const dir = join(root, 'out', 'renderer');
  const index = join(dir, 'index.html');
  const sources = Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'common')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return dir;
  log(
    existsSync(index)
      ? 'editor: out/renderer is older than its sources; running electron-vite build …'
      : 'editor: out/renderer is missing; running electron-vite build …',
  );
  const run = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0 || !existsSync(index))
    throw new Error('electron-vite build failed: the editor benchmark needs the built renderer');
  return dir;
}

/** Builds the baseline pages (production mode, like the app) into `outDir`; returns it. */
export async function buildBaselinePages(root: string, outDir: string): Promise<string> {
  const { build } = await import('vite');
  const pages = join(root, 'tests', 'bench', 'pages');
  await build({
    root: pages,
    base: './',
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    publicDir: false,
    mode: 'production',
    build: {
      outDir,
      emptyOutDir: true,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { lexical: join(pages, 'lexical.html'), contenteditable: join(pages, 'contenteditable.html') },
      },
    },
  });
  return outDir;
}
