import type { LexicalDocument } from '../../src/common/lexical/document';
import { plainText } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { fixtureDocument, fixtureNames, loadFixture } from './fixtures';

/**
 * The body the save loop writes for each version, shared by the child that
 * saves (tests/support/save-loop.ts) and the test that checks what survived
 * a kill: version `v` holds `v` paragraphs (up to a cap) of fixture text,
 * each stamped with `v`, so a body from any other version, or a torn mix of
 * two, can never pass for it.
 */

const MAX_PARAGRAPHS = 600;

let cachedBlocks: string[] | null = null;

/** Every text block of the fixture articles, in a fixed order. */
export function fixtureBlocks(): string[] {
  if (cachedBlocks) return cachedBlocks;
  const blocks: string[] = [];
  for (const name of fixtureNames()) {
    const text = plainText(fixtureDocument(loadFixture(name)));
    for (const block of text.split('\n\n')) if (block.trim().length > 0) blocks.push(block.replace(/\s+/g, ' ').trim());
  }
  cachedBlocks = blocks;
  return blocks;
}

export function saveLoopBody(version: number): LexicalDocument {
  const blocks = fixtureBlocks();
  const count = Math.min(version, MAX_PARAGRAPHS);
  const children = Array.from({ length: count }, (_, i) =>
    paragraphNode([textNode(`${blocks[i % blocks.length]} `), textNode(`[v${version} p${i}]`, ['bold'])]),
  );
  return { root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } };
}

/** The saving process's clock: each save happens 90 s after the last, so every few saves records an autosave revision. */
export const SAVE_LOOP_START = Date.parse('2026-11-27T09:00:00Z');
export const SAVE_LOOP_STEP_MS = 90_000;
