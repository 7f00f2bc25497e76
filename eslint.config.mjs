import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint, plus the project's rooms as rules (docs/ARCHITECTURE.md, "Rooms"): `common`
 * imports nothing else, `main` and `renderer` never import each other, and
 * only the shell files may import Electron.
 */
const noElectron = { name: 'electron', message: 'Only the shell (src/main/index.ts, src/main/shell, src/preload) may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench-cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**', 'node:*'], message: 'common runs anywhere: it imports nothing from the other rooms or from Node.' }] }],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/renderer/**', '**/preload/**', '**/server/**'], message: 'main never imports the renderer, the preload or the server.' }] }],
    },
  },
  {
    files: ['src/main/index.ts', 'src/main/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', '**/preload/**', '**/server/**'], message: 'main never imports the renderer, the preload or the server.' }] }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'The newsroom server imports only common: it runs without the app.' }] }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'The preload imports only common and electron.' }] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/preload/**', '**/server/**', 'node:*'], message: 'The renderer reaches main only through window.copydesk.' }] }],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.mjs'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
);
