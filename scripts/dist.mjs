import { spawnSync } from 'node:child_process';
import { electronBinary, ROOT } from './electronBinary.mjs';

/**
 * `npm run dist`: build, then pack the installers for this platform with
 * electron-builder (electron-builder.yml) — or explain, in one paragraph,
 * why this machine cannot. Extra arguments go to electron-builder.
 */
const MISSING = `Copydesk is built, but its installers cannot be made here: electron-builder packs the app into Electron's prebuilt binary, which it downloads from Electron's GitHub releases, and this machine cannot fetch it (node_modules/electron/dist is missing too, so \`npm install\` could not either). On a machine that reaches github.com (or with ELECTRON_MIRROR pointing at a mirror you can reach), \`npm run dist\` writes this platform's installers to dist/: AppImage, deb and rpm on Linux; dmg and zip on macOS (signed and notarised when Apple's credentials are in the environment); an NSIS installer on Windows. The release workflow (.github/workflows/release.yml) builds all three on their own runners. Everything that can be checked without the binary is: \`npx vitest run tests/unit/builder-config.test.ts\` validates electron-builder.yml against electron-builder's own schema.`;

const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The icons electron-builder.yml names, made from resources/icon.svg.
const icons = spawnSync(process.execPath, ['scripts/icons.mjs'], { cwd: ROOT, stdio: 'inherit' });
if (icons.status !== 0) process.exit(icons.status ?? 1);

if (!electronBinary()) {
  console.error(`\n${MISSING}\n`);
  process.exit(1);
}
const pack = spawnSync('npx', ['electron-builder', '--publish', 'never', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(pack.status ?? 1);
