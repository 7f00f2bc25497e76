import { createHeadlessEditor } from '@lexical/headless';
import type { LexicalEditor } from 'lexical';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { ErrorCode } from '../../src/common/errors';
import { AppError } from '../../src/common/errors';
import type { LexicalDocument } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { HEADLESS_NODES } from '../../src/common/nodes/headlessNodes';
import { SEARCH_INDEXES } from '../../src/main/db/ftsQuery';
import type { Queryable } from '../../src/main/db/sqlite';

/** Shared bits for the unit tests in this folder (not a test file itself). */

export const doc = (...paragraphs: string[]): LexicalDocument => ({
  root: { type: 'root', version: 1, children: paragraphs.map((p) => paragraphNode([textNode(p)])) },
});

/** A headless Lexical editor with the app's nodes, holding `body`; an editor error fails the test at once. */
export function headlessEditor(body: LexicalDocument): LexicalEditor {
  const editor = createHeadlessEditor({
    nodes: [...HEADLESS_NODES],
    onError: (e) => {
      throw e;
    },
  });
  editor.setEditorState(editor.parseEditorState(JSON.stringify(body)));
  return editor;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}

/** Every file under `dir`, relative to it, sorted; [] when `dir` does not exist. */
export function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full).map((f) => join(name, f)));
    else out.push(relative(dir, full));
  }
  return out.sort();
}

/** Width and height from a PNG's IHDR chunk, read independently of the code under test. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const TABLES = ['drafts', 'tags', 'draft_tags', 'sources', 'images', 'revisions', 'settings'] as const;

/** A fingerprint of everything the store holds: row counts, and every draft's version and update time. */
/** Each search index agrees with the drafts it indexes (FTS5's integrity-check raises an error if not). */
export async function expectSearchIndexesInStep(db: Queryable): Promise<void> {
  for (const index of SEARCH_INDEXES)
    await db.run(`INSERT INTO ${index}(${index}, rank) VALUES ('integrity-check', 1)`);
}

export async function storeState(db: Queryable): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const table of TABLES) {
    state[table] = (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  }
  state.versions = await db.all('SELECT id, version, updated_at, trashed_at FROM drafts ORDER BY id');
  return state;
}

/** Awaits `promise`, expecting it to reject with an AppError of `code`; returns the error. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected an AppError "${code}"`).toBeInstanceOf(AppError);
  const err = caught as AppError;
  expect(err.code, err.message).toBe(code);
  expect(err.message.length).toBeGreaterThan(10);
  return err;
}

/** Closes a test store and removes its temp folder (safe to call twice). */
export async function closeAndRemove(store: { close(): Promise<void>; dir: string } | undefined): Promise<void> {
  if (!store) return;
  await store.close();
  rmSync(store.dir, { recursive: true, force: true });
}
