import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_SVG, ICONS_DIR, PNG_SIZES } from '../../scripts/lib/icons.mjs';
import { canImport } from '../../src/main/import/importFiles';

/**
 * electron-builder.yml, checked the way electron-builder checks it before a
 * build (its own loader, and its own validation against its JSON schema,
 * node_modules/app-builder-lib/scheme.json), with no Electron binary needed.
 */

const root = resolve(__dirname, '..', '..');
const validate = (config: Configuration): Promise<void> => validateConfiguration(config, new DebugLogger(false));
const load = (): Promise<Configuration> => getConfig(root, null, null);

/** The options whose value names a file in the repository. */
const FILE_OPTIONS = new Set([
  'entitlements',
  'entitlementsInherit',
  'entitlementsLoginHelper',
  'icon',
  'license',
  'installerIcon',
  'uninstallerIcon',
  'include',
  'background',
  'afterSign',
  'afterPack',
  'beforeBuild',
]);

function namedFiles(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return FILE_OPTIONS.has(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => namedFiles(item, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => namedFiles(v, k));
  return [];
}

describe('the installer configuration (electron-builder.yml)', () => {
  it("passes electron-builder's own schema, which refuses an option it does not know or a wrong type", async () => {
    const config = await load();
    await expect(validate(config)).resolves.toBeUndefined();
    await expect(validate({ ...config, fuses: { runAsNode: false } } as Configuration)).rejects.toThrow(/fuses/);
    await expect(
      validate({ ...config, electronFuses: { runAsNode: 'no' } } as unknown as Configuration),
    ).rejects.toThrow(/runAsNode/);
  });

  it('names only files that exist, or icons that scripts/icons.mjs makes before a build', async () => {
    const config = await load();
    const files = namedFiles(config);
    expect(files).toContain('resources/entitlements.mac.plist');
    const iconsDir = relative(root, ICONS_DIR).split(sep).join('/');
    const made = new Set([
      iconsDir,
      ...[...PNG_SIZES.map((size) => `${size}x${size}.png`), 'icon.icns', 'icon.ico'].map(
        (name) => `${iconsDir}/${name}`,
      ),
    ]);
    expect(files).toEqual(expect.arrayContaining([iconsDir, `${iconsDir}/icon.icns`, `${iconsDir}/icon.ico`]));
    expect(existsSync(ICON_SVG)).toBe(true);
    for (const file of files) if (!made.has(file)) expect(existsSync(join(root, file)), file).toBe(true);
    expect(existsSync(join(root, config.directories!.buildResources!))).toBe(true);
  });

  it('locks the binary with its fuses: no running as Node, no inspector, no NODE_OPTIONS, only the checked asar', async () => {
    expect((await load()).electronFuses).toEqual({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('builds every platform’s installers, hardened and notarised on macOS, with no native rebuild', async () => {
    const config = await load();
    expect(config.linux?.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('associates Markdown and Word files, each a type the importer reads', async () => {
    const associations = (await load()).fileAssociations;
    const extensions = [associations ?? []].flat().flatMap((association) => [association.ext].flat());
    expect(extensions.sort()).toEqual(['docx', 'markdown', 'md']);
    for (const ext of extensions) expect(canImport(`story.${ext}`), ext).toBe(true);
  });

  it('is what `npm run dist` packs, from the built app', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      main: string;
    };
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    // dist makes the icons the configuration names before electron-builder packs them.
    expect(readFileSync(join(root, 'scripts', 'dist.mjs'), 'utf8')).toMatch(
      /scripts\/icons\.mjs[\s\S]*electron-builder/,
    );
    expect(pkg.main.startsWith('out/')).toBe(true);
  });
});
