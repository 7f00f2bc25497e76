import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where Electron's binary is, read from the electron package's path.txt,
 * without `require('electron')` (which, with no binary, tries to download).
 */
export function electronBinary() {
  const pkg = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const MISSING_ELECTRON = `Copydesk is built, but it cannot open its window: Electron's application binary is not installed (node_modules/electron/dist is missing). \`npm install\` normally downloads it from Electron's GitHub releases; on this machine that download was blocked, skipped (ELECTRON_SKIP_BINARY_DOWNLOAD) or failed. To get it, run \`node node_modules/electron/install.js\` on a connection that can reach github.com, or point ELECTRON_MIRROR at a mirror you can reach and run it again; then \`npm start\`. Everything else works without it: \`npm test\` runs the full suite in Node and Chromium, and \`npx copydesk --help\` uses the same database as the app.`;
