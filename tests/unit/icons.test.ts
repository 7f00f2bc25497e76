import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateIcons, ICON_SVG, PNG_SIZES } from '../../scripts/lib/icons.mjs';

/**
 * The icons made from resources/icon.svg (scripts/lib/icons.mjs), written
 * into a temporary folder and read back by their formats' own headers.
 */

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the icons, from one SVG', () => {
  const out = mkdtempSync(join(tmpdir(), 'copydesk-icons-'));
  const written = generateIcons(ICON_SVG, out);

  it('writes a PNG of every size, 16 to 1024 px, square and not blank', () => {
    expect(PNG_SIZES).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    expect(written.sort()).toEqual([...PNG_SIZES.map((size) => `${size}x${size}.png`), 'icon.icns', 'icon.ico'].sort());
    expect(readdirSync(out).sort()).toEqual(written.sort());
    for (const size of PNG_SIZES) {
      const bytes = readFileSync(join(out, `${size}x${size}.png`));
      expect(pngSize(bytes), `${size}`).toEqual({ width: size, height: size });
    }
    // The drawing is there: a 1024 px icon of one flat colour would compress to almost nothing.
    expect(readFileSync(join(out, '1024x1024.png')).length).toBeGreaterThan(10_000);
  });

  it('writes an .icns whose header and entries macOS reads, up to 1024 px', () => {
    const icns = readFileSync(join(out, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.toString('latin1', at, at + 4));
    // ic10 is 1024 px (512@2x), ic09 512, ic08 256, ic07 128.
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
    const ic10 = icns.indexOf('ic10', 8, 'latin1');
    expect(pngSize(icns.subarray(ic10 + 8))).toEqual({ width: 1024, height: 1024 });
  });

  it('writes an .ico for the Windows executable, 16 to 256 px', () => {
    const ico = readFileSync(join(out, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    // Every entry's bytes lie inside the file.
    for (let i = 0; i < count; i++) {
      const entry = 6 + i * 16;
      expect(ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8)).toBeLessThanOrEqual(ico.length);
    }
  });

  it('refuses an SVG it cannot draw, naming it', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'copydesk-icons-')), 'broken.svg');
    writeFileSync(broken, '<svg xmlns="http://www.w3.org/2000/svg"><rect');
    expect(() => generateIcons(broken, join(tmpdir(), 'copydesk-icons-never'))).toThrow();
  });
});
