import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Lint, plus the project's rooms as rules (docs/ARCHITECTURE.md, "Rooms"): `common`
 * imports nothing else, `publishing` only `common`, `main` and `renderer` never import each other, and
 * only the shell files may import Electron.
 */
const noElectron = {
  name: 'electron',
  message: 'Only the shell (src/main/index.ts, src/main/shell, src/preload) may import electron.',
};
const mainWalls = {
  group: ['**/renderer/**', '**/preload/**', '**/server/**'],
  message: 'main never imports the renderer, the preload or the server.',
};

/**
 * Main's floors, bottom up: db/, services/, then export/, import/, publish/ and desk/, which use the services,
 * then handlers.ts and store.ts, which bind and wire them all, then cli/ and the shell. A floor never imports
 * one above it (matched on the relative path, so `../../common/export/…` is not `../export/…`).
 */
const floorsAbove = (floors) => ({
  regex: `^(\\.\\./)+(${floors.join('|')})(/|$)`,
  message:
    'A floor of main never imports one above it (docs/ARCHITECTURE.md, "Rooms"): pass what it needs in from above.',
});
const ABOVE_SERVICES = ['export', 'import', 'publish', 'desk', 'handlers', 'store', 'cli', 'shell', 'index'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench-cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      // Type information from the two projects that cover every .ts/.tsx file (the first that includes a file wins).
      parserOptions: { project: ['./tsconfig.node.json', './tsconfig.web.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Noise here: an async method with no await implements a Promise-returning interface (a throw stays a rejection); a forgotten await is no-floating-promises' job.
      '@typescript-eslint/require-await': 'off',
      // Y.Text stringifies to its text, though yjs's types do not declare its toString.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'YText'] },
      ],
    },
  },
  // Plain JavaScript (scripts, bin) is in neither project, so it is linted without type information.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/publishing/**', '**/server/**', 'node:*'],
              message: 'common runs anywhere: it imports nothing from the other rooms or from Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [mainWalls] }],
    },
  },
  {
    files: ['src/main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [mainWalls, floorsAbove(ABOVE_SERVICES)] }],
    },
  },
  {
    files: ['src/main/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [mainWalls, floorsAbove(['services', ...ABOVE_SERVICES])] },
      ],
    },
  },
  {
    files: ['src/main/index.ts', 'src/main/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [mainWalls] }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'The newsroom server imports only common and publishing: it runs without the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/publishing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/server/**'],
              message: 'publishing serves the app and the desk server alike: it imports only common.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/publishing/**', '**/server/**'],
              message: 'The preload imports only common and electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', '**/publishing/**', '**/server/**', 'node:*'],
              message: 'The renderer reaches main only through window.copydesk.',
            },
          ],
        },
      ],
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
  {
    files: ['tests/**/*.ts'],
    // Vitest types its asymmetric matchers (expect.stringMatching, …) as any, and a test puts them inside expected objects.
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
