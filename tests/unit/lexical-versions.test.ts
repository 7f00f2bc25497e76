import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Lexical's packages share internal state (node classes, the Yjs binding's
 * node map); two versions in one bundle break collaboration in ways no type
 * check sees. Every `@lexical/*` and `lexical` is pinned to one exact version.
 */
const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const declared = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
  ([name]) => name === 'lexical' || name.startsWith('@lexical/'),
);

describe('Lexical versions', () => {
  it('declares every Lexical package at one exact version', () => {
    const versions = new Set(declared.map(([, range]) => range));
    expect(declared.length).toBeGreaterThan(5);
    expect([...versions]).toHaveLength(1);
    expect([...versions][0]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('has that version installed for each, with no nested second copy', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const want = declared[0]![1];
    const installed = Object.entries(lock.packages).filter(([path]) =>
      /(^|\/)node_modules\/(lexical|@lexical\/[^/]+)$/.test(path),
    );
    expect(installed.length).toBeGreaterThanOrEqual(declared.length);
    for (const [path, entry] of installed) expect(`${path}@${entry.version}`).toBe(`${path}@${want}`);
  });
});
