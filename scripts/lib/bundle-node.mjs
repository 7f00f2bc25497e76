// Bundles TypeScript entry points into plain ES modules that `node` runs
// directly, with Vite's own build (Rolldown): the machines this project runs
// on have no tsx, ts-node or esbuild, and Node 20 cannot strip types itself.
// Packages under node_modules stay external, so the native sqlite3 binding
// loads as usual; the output must therefore live inside the project, where
// Node's resolution finds node_modules.
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * CommonJS-style `__dirname`/`__filename` in our own sources (the test
 * fixtures use them) would point at the bundle; give each module its own.
 */
function moduleDirnames() {
  return {
    name: 'copydesk:module-dirnames',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\b__(dirname|filename)\b/.test(code)) return null;
      const file = id.split('?')[0];
      const header =
        `const __filename = ${JSON.stringify(file)};\n` + `const __dirname = ${JSON.stringify(dirname(file))};\n`;
      return { code: header + code, map: null };
    },
  };
}

/**
 * Builds every entry (absolute or project-relative paths) into `outDir`;
 * returns the absolute path of each entry's output, in order.
 */
export async function bundleForNode(entries, outDir) {
  const { build } = await import('vite');
  mkdirSync(outDir, { recursive: true });
  const input = Object.fromEntries(
    entries.map((entry) => {
      const name = relative(PROJECT_ROOT, join(PROJECT_ROOT, entry))
        .replace(/\.[cm]?tsx?$/, '')
        .replace(/[^A-Za-z0-9_-]+/g, '_');
      return [name, join(PROJECT_ROOT, entry)];
    }),
  );
  await build({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    publicDir: false,
    plugins: [moduleDirnames()],
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: 'inline',
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input,
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
      },
    },
  });
  return Object.keys(input).map((name) => join(outDir, `${name}.mjs`));
}
