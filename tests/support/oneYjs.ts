import Module from 'node:module';
import { dirname, join } from 'node:path';

/**
 * One Yjs in the Playwright process. Lexical's packages are ESM only, so
 * they load Yjs's ESM build, while the code Playwright compiles to CommonJS
 * would require its CommonJS build beside it; Yjs's constructor checks fail
 * across the two copies (yjs/yjs#438) and a shared piece's body reads as
 * empty. Every `require('yjs')` here gets the ESM build (Node 20.19+ can
 * require ES modules). Vitest and the app's bundles load one copy already.
 */
const YJS_ESM = join(dirname(require.resolve('yjs/package.json')), 'dist', 'yjs.mjs');

type Resolve = (request: string, ...rest: unknown[]) => string;
// _resolveFilename is Node's internal resolver, untyped in @types/node; the hook only redirects one name.
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return request === 'yjs' ? YJS_ESM : resolveFilename.call(this, request, ...rest);
};
