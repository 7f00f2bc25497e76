import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { normalizePath, type Plugin } from 'vite';
import { API_METHODS } from './src/common/apiMethods';

/**
 * The sandboxed preload builds `window.copydesk` from the contract's method
 * names, but the contract holds zod schemas: in the preload's build, the
 * module that reads the names off the contract is replaced by the names
 * themselves, so the contract is written once and the preload bundles no zod.
 */
function methodNamesOnly(): Plugin {
  const apiMethods = normalizePath(resolve('src/common/apiMethods.ts'));
  return {
    name: 'copydesk:method-names-only',
    enforce: 'pre',
    load: (id) =>
      normalizePath(id) === apiMethods ? `export const API_METHODS = ${JSON.stringify(API_METHODS)};\n` : null,
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The CLI is built beside the app from the same services; it never
        // imports Electron, so it runs in plain Node. Both parse imported
        // files on a worker thread, whose script is importWorker.js beside them.
        // So does the newsroom server (src/server), which shares only src/common with them.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          importWorker: resolve('src/main/import/parseWorker.ts'),
          server: resolve('src/server/cli.ts'),
        },
        // Shared chunks sit beside the entries, so code in any of them finds importWorker.js in its own folder.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    plugins: [methodNamesOnly()],
    build: {
      // A sandboxed preload may require nothing but Electron: bundle it whole.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    // dictionary-en exports only its Node loader; the spelling worker takes its two files as text.
    resolve: { alias: { 'dictionary-en-files': resolve('node_modules/dictionary-en') } },
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
