import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import png2icons from 'png2icons';

/**
 * The app's icons, made from one SVG (resources/icon.svg) at build time:
 * PNGs from 16 to 1024 px (Linux's icon folder, named as electron-builder
 * expects), icon.icns for macOS and icon.ico for Windows. They are build
 * output, written to resources/icons/ (ignored by git) by `npm run dist` and
 * the release workflow (scripts/icons.mjs) before electron-builder packs
 * the app.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ICON_SVG = join(ROOT, 'resources', 'icon.svg');
export const ICONS_DIR = join(ROOT, 'resources', 'icons');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** One size of the SVG as PNG bytes, rendered by resvg (no browser, no system libraries). */
export function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** Writes every icon into `outDir`; answers the files written. */
export function generateIcons(svgPath = ICON_SVG, outDir = ICONS_DIR) {
  const svg = readFileSync(svgPath);
  mkdirSync(outDir, { recursive: true });
  const written = [];
  const write = (name, bytes) => {
    if (!bytes) throw new Error(`${name} could not be made from ${svgPath}`);
    writeFileSync(join(outDir, name), bytes);
    written.push(name);
  };
  let largest;
  for (const size of PNG_SIZES) {
    const png = renderPng(svg, size);
    write(`${size}x${size}.png`, png);
    largest = png;
  }
  // Each size is scaled from the largest by png2icons; for Windows' .exe, BMPs below 256 px and a PNG at 256.
  write('icon.icns', png2icons.createICNS(largest, png2icons.BICUBIC2, 0));
  write('icon.ico', png2icons.createICO(largest, png2icons.BICUBIC2, 0, false, true));
  return written;
}
