import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

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
    build: {
      // A sandboxed preload may require nothing but Electron: bundle it whole.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
