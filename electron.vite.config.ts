import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The CLI is built beside the app from the same services; it never
        // imports Electron, so it runs in plain Node. So does the newsroom
        // server (src/server), which shares only src/common with them.
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
          server: resolve('src/server/cli.ts'),
        },
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
