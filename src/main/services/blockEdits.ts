import type { LexicalDocument, SerializedNode } from '../../common/lexical/document';

/**
 * How one version of a body becomes the next, block by top-level block: an
 * autosave after a few words' typing changes one or two of a long piece's
 * hundreds of blocks, so that is all it needs to record.
 *
 * An edit is the document with no blocks (its `head`: the root's own fields)
 * and a list of steps over the previous version's blocks: a positive number
 * keeps that many, a negative number drops that many, and a node is a block
 * inserted there. The steps always account for every previous block.
 */
export interface BlockEdit {
  head: LexicalDocument;
  steps: Array<number | SerializedNode>;
}

/** The document without its blocks. */
export function headOf(doc: LexicalDocument): LexicalDocument {
  return { ...doc, root: { ...doc.root, children: [] } };
}

/**
 * Equality of two JSON values as their serialisations would compare (key
 * order aside, and a key whose value is undefined counting as absent). It
 * walks a whole long body on every autosave, so equal primitives, the bulk
 * of a node's fields, are settled without a call.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (x !== y && (typeof x !== 'object' || !sameJson(x, y))) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    const v = x[key];
    if (v === undefined) continue;
    keys++;
    const w = y[key];
    if (v !== w && (typeof v !== 'object' || !sameJson(v, w))) return false;
  }
  for (const key in y) if (y[key] !== undefined) keys--;
  return keys === 0;
}

/**
 * For each of `nextLength` blocks, the index of the one of `previousLength`
 * blocks it equals (`same(i, j)`: next block i equals previous block j), or
 * null for a new or changed block. Matched indices only ever increase. The
 * unchanged run at each end is matched first, so one stretch of typing,
 * pasting or deleting costs one comparison per block; inside, a block
 * removed or added next to the cursor is recognised by looking one ahead.
 */
export function alignBlocks(
  previousLength: number,
  nextLength: number,
  same: (i: number, j: number) => boolean,
): Array<number | null> {
  const matched: Array<number | null> = new Array<number | null>(nextLength).fill(null);
  let start = 0;
  while (start < nextLength && start < previousLength && same(start, start)) {
    matched[start] = start;
    start++;
  }
  let nextEnd = nextLength;
  let previousEnd = previousLength;
  while (nextEnd > start && previousEnd > start && same(nextEnd - 1, previousEnd - 1)) {
    matched[--nextEnd] = --previousEnd;
  }
  let j = start;
  for (let i = start; i < nextEnd; i++) {
    if (j < previousEnd && same(i, j)) {
      matched[i] = j++;
    } else if (j + 1 < previousEnd && same(i, j + 1)) {
      matched[i] = j + 1;
      j += 2;
    } else if (!(i + 1 < nextEnd && j < previousEnd && same(i + 1, j))) {
      // A changed block takes the place of the previous one; a block typed in
      // between leaves it for the next block to match.
      j++;
    }
  }
  return matched;
}

/**
 * The steps that turn `previousLength` blocks into the next ones, given
 * `alignBlocks`' answer; `inserted(i)` is what stands for new block i.
 */
export function stepsFrom<T>(
  matched: ReadonlyArray<number | null>,
  inserted: (i: number) => T,
  previousLength: number,
): Array<number | T> {
  const steps: Array<number | T> = [];
  const push = (count: number) => {
    const last = steps[steps.length - 1];
    if (typeof last === 'number' && Math.sign(last) === Math.sign(count)) steps[steps.length - 1] = last + count;
    else steps.push(count);
  };
  let j = 0;
  matched.forEach((m, i) => {
    if (m === null) {
      steps.push(inserted(i));
      return;
    }
    if (m > j) push(-(m - j));
    push(1);
    j = m + 1;
  });
  if (j < previousLength) push(-(previousLength - j));
  return steps;
}

/**
 * A JSON value written out flat, in order: a compact copy of a block that
 * a later version of it is checked against in one pass. Objects are a
 * marker, their key count, then each key and its value; arrays a marker,
 * their length, then each value.
 */
export type Tape = unknown[];
const OBJECT = Symbol('object');
const ARRAY = Symbol('array');

export function tapeOf(value: unknown, tape: Tape = []): Tape {
  if (typeof value !== 'object' || value === null) {
    tape.push(value);
  } else if (Array.isArray(value)) {
    tape.push(ARRAY, value.length);
    for (const item of value as unknown[]) tapeOf(item, tape);
  } else {
    const object = value as Record<string, unknown>;
    let keys = 0;
    for (const key in object) if (object[key] !== undefined) keys++;
    tape.push(OBJECT, keys);
    for (const key in object) {
      const item = object[key];
      if (item === undefined) continue;
      tape.push(key);
      tapeOf(item, tape);
    }
  }
  return tape;
}

/**
 * Whether `value` is what `tape` holds, keys in the same order. Equal
 * values with their keys in another order answer false, which costs only
 * an edit that did not need recording.
 */
export function matchesTape(value: unknown, tape: Tape): boolean {
  const cursor: TapeCursor = { tape, at: 0 };
  return matchNext(value, cursor) && cursor.at === tape.length;
}

/** Where one `matchesTape` call is on its tape. */
interface TapeCursor {
  readonly tape: Tape;
  at: number;
}

function matchNext(value: unknown, cursor: TapeCursor): boolean {
  const tape = cursor.tape;
  const mark = tape[cursor.at++];
  if (typeof value !== 'object' || value === null) return value === mark;
  if (Array.isArray(value)) {
    if (mark !== ARRAY || tape[cursor.at++] !== value.length) return false;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null ? !matchNext(item, cursor) : tape[cursor.at++] !== item)
        return false;
    }
    return true;
  }
  if (mark !== OBJECT) return false;
  const keys = tape[cursor.at++] as number;
  const object = value as Record<string, unknown>;
  let seen = 0;
  for (const key in object) {
    const item = object[key];
    if (item === undefined) continue;
    if (++seen > keys || tape[cursor.at++] !== key) return false;
    if (typeof item === 'object' && item !== null ? !matchNext(item, cursor) : tape[cursor.at++] !== item) return false;
  }
  return seen === keys;
}

const BLOCKS_MARK = '\u0000blocks\u0000';

/**
 * The body's JSON from its head and each block's JSON, without serialising
 * the blocks again. The root's blocks are written last.
 */
export function assembleBody(head: LexicalDocument, blockJson: readonly string[]): string {
  const { root, ...rest } = head;
  const { children, ...fields } = root;
  void children;
  const shell = JSON.stringify({ ...rest, root: { ...fields, children: BLOCKS_MARK } });
  const mark = JSON.stringify(BLOCKS_MARK);
  // The mark is the last value written, so its last occurrence is the one.
  const at = shell.lastIndexOf(mark);
  return `${shell.slice(0, at)}[${blockJson.join(',')}]${shell.slice(at + mark.length)}`;
}

/** The blocks after `steps`; throws when the steps do not fit `previous` (a damaged journal). */
export function applySteps(previous: readonly SerializedNode[], steps: readonly unknown[]): SerializedNode[] {
  const out: SerializedNode[] = [];
  let j = 0;
  for (const step of steps) {
    if (typeof step === 'number' && Number.isInteger(step) && step !== 0) {
      const count = Math.abs(step);
      if (j + count > previous.length)
        throw new Error(`a step passes the end of the ${previous.length} blocks it edits`);
      if (step > 0) for (let k = 0; k < count; k++) out.push(previous[j + k]!);
      j += count;
    } else if (
      typeof step === 'object' &&
      step !== null &&
      !Array.isArray(step) &&
      typeof (step as SerializedNode).type === 'string'
    ) {
      out.push(step as SerializedNode);
    } else {
      throw new Error('a step is neither a count nor a block');
    }
  }
  if (j !== previous.length) throw new Error(`the steps account for ${j} of the ${previous.length} blocks they edit`);
  return out;
}

/** An edit read back from its JSON; throws when it is not one. */
export function parseEdit(json: string): BlockEdit {
  const value = JSON.parse(json) as Partial<BlockEdit> | null;
  const head = value?.head;
  if (!head || typeof head !== 'object' || !head.root || head.root.type !== 'root' || !Array.isArray(value.steps)) {
    throw new Error('an edit has no head or no steps');
  }
  return { head: { ...head, root: { ...head.root, children: [] } }, steps: value.steps };
}
