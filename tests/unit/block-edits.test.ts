import { describe, expect, it } from 'vitest';
import { blockTexts, plainText, wordCount, type SerializedNode } from '../../src/common/lexical/document';
import { headingNode, paragraphNode, quoteNode, textNode } from '../../src/common/lexical/nodes';
import {
  alignBlocks,
  applySteps,
  assembleBody,
  headOf,
  matchesTape,
  sameJson,
  stepsFrom,
  tapeOf,
} from '../../src/main/services/blockEdits';
import { describeBlocks, textOf, wordsOf } from '../../src/main/services/bodyJournal';
import { fixtureDocument, fixtureNames, loadFixture } from '../support/fixtures';
import { between, pick, seeded } from '../support/random';

const para = (text: string): SerializedNode => paragraphNode([textNode(text)]);

const matchBlocks = (previous: readonly SerializedNode[], next: readonly SerializedNode[]) =>
  alignBlocks(previous.length, next.length, (i, j) => sameJson(next[i], previous[j]));

function roundTrip(previous: SerializedNode[], next: SerializedNode[]) {
  const matched = matchBlocks(previous, next);
  const steps = stepsFrom(matched, (i) => next[i]!, previous.length);
  // Through JSON, as the journal stores it.
  const stored = JSON.parse(JSON.stringify(steps)) as unknown[];
  return { matched, steps, rebuilt: applySteps(previous, stored) };
}

const inserted = (steps: readonly unknown[]) => steps.filter((s) => typeof s === 'object').length;

describe('block edits: how one version of a body becomes the next', () => {
  it('compares JSON values as their serialisations would, key order aside', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson({ a: null }, { a: 0 })).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
    // As JSON has it: a key whose value is undefined is no key at all.
    expect(sameJson({ a: undefined, b: 1 }, { b: 1 })).toBe(true);
    expect(sameJson({ k: undefined }, { j: 1 })).toBe(false);
    expect(sameJson({ j: 1 }, { k: undefined })).toBe(false);
    expect(sameJson([{ a: [1, { b: 2 }] }], [{ a: [1, { b: 3 }] }])).toBe(false);
  });

  it('checks a block against the flat copy of an earlier one: never equal when they differ, equal when only their keys are in the same order', () => {
    const samples: unknown[] = [
      para('One.'),
      para('Two.'),
      { type: 'x', a: [1, 2, { b: null }], c: { d: 'e' } },
      { type: 'x', a: [1, 2, { b: null }], c: { d: 'f' } },
      { type: 'x', a: [1, 2, { b: 0 }], c: { d: 'e' } },
      { type: 'x', a: [1, 2], c: { d: 'e' } },
      { type: 'x', a: [1, 2, { b: null }], c: { d: 'e' }, extra: true },
      { type: 'x', a: [1, 2, { b: null }], c: { d: 'e' }, gone: undefined },
      [],
      {},
      null,
      'text',
      7,
    ];
    for (const a of samples) {
      for (const b of samples)
        expect(matchesTape(a, tapeOf(b)), `${JSON.stringify(a)} against ${JSON.stringify(b)}`).toBe(sameJson(a, b));
    }
    // The same values with keys in another order: treated as changed, which records an edit needlessly but loses nothing.
    expect(matchesTape({ b: 1, a: 2 }, tapeOf({ a: 2, b: 1 }))).toBe(false);
    const pool = fixtureNames().flatMap((name) => fixtureDocument(loadFixture(name)).root.children);
    const random = seeded(7);
    for (let n = 0; n < 2000; n++) {
      const a = pick(random, pool);
      const b = random() < 0.3 ? structuredClone(a) : pick(random, pool);
      expect(matchesTape(a, tapeOf(b))).toBe(sameJson(a, b));
    }
  });

  it("writes a body's JSON from its head and its blocks' JSON", () => {
    for (const name of fixtureNames()) {
      const doc = fixtureDocument(loadFixture(name));
      const json = assembleBody(
        headOf(doc),
        doc.root.children.map((b) => JSON.stringify(b)),
      );
      expect(JSON.parse(json), name).toEqual(doc);
      expect(json.length).toBe(JSON.stringify(doc).length);
    }
    const odd = { root: { type: 'root' as const, children: [], note: '\u0000blocks\u0000', nested: { children: [] } } };
    expect(JSON.parse(assembleBody(odd, ['{"type":"paragraph"}']))).toEqual({
      ...odd,
      root: { ...odd.root, children: [{ type: 'paragraph' }] },
    });
  });

  it('records one typed-in block as that block alone, wherever it is', () => {
    const previous = Array.from({ length: 200 }, (_, i) => para(`Paragraph ${i}.`));
    for (const at of [0, 1, 99, 198, 199]) {
      const next = previous.map((b, i) => (i === at ? para(`Paragraph ${i}, revised.`) : b));
      const { steps, rebuilt } = roundTrip(previous, next);
      expect(rebuilt).toEqual(next);
      expect(inserted(steps)).toBe(1);
    }
  });

  it('records a new paragraph, a deleted one and a deleted run as the change alone', () => {
    const previous = Array.from({ length: 50 }, (_, i) => para(`P${i}.`));
    const split = [...previous.slice(0, 20), para('New between.'), ...previous.slice(20)];
    const removed = [...previous.slice(0, 20), ...previous.slice(21)];
    const removedRun = [...previous.slice(0, 10), ...previous.slice(30)];
    const pasted = [...previous.slice(0, 10), para('A'), para('B'), para('C'), ...previous.slice(10)];
    for (const [next, blocks] of [
      [split, 1],
      [removed, 0],
      [removedRun, 0],
      [pasted, 3],
    ] as const) {
      const { steps, rebuilt } = roundTrip(previous, [...next]);
      expect(rebuilt).toEqual(next);
      expect(inserted(steps)).toBe(blocks);
    }
    expect(roundTrip(previous, removedRun).steps).toEqual([10, -20, 20]);
  });

  it('says nothing changed when nothing did, and covers an empty body either way', () => {
    const previous = [para('One.'), para('Two.')];
    const { matched, steps } = roundTrip(previous, structuredClone(previous));
    expect(matched).toEqual([0, 1]);
    expect(steps).toEqual([2]);
    expect(roundTrip(previous, []).steps).toEqual([-2]);
    expect(roundTrip([], previous).rebuilt).toEqual(previous);
  });

  it('rebuilds exactly the next body after 500 random edits of real articles', () => {
    const random = seeded(20261201);
    const pool = fixtureNames().flatMap((name) => fixtureDocument(loadFixture(name)).root.children);
    const fresh = (): SerializedNode =>
      pick(random, [
        () => para(`Typed ${random()}`),
        () => headingNode(2, [textNode(`Head ${random()}`)]),
        () => quoteNode([textNode(`Said ${random()}`)]),
        () => structuredClone(pick(random, pool)),
      ])();
    let previous = pool.slice(0, 120);
    for (let trial = 0; trial < 500; trial++) {
      // Blocks are shared, as an editor's unchanged nodes are; each change makes a new one.
      const next = [...previous];
      for (let n = between(random, 1, 4); n > 0; n--) {
        const at = between(random, 0, Math.max(0, next.length - 1));
        switch (between(random, 0, 5)) {
          case 0:
            next.splice(at, 0, fresh());
            break;
          case 1:
            next.splice(at, between(random, 1, 6));
            break;
          case 2:
            if (next[at]) next[at] = fresh();
            break;
          case 3:
            next.splice(at, 0, ...Array.from({ length: between(random, 2, 8) }, fresh));
            break;
          case 4: {
            const [moved] = next.splice(at, 1);
            if (moved) next.splice(between(random, 0, next.length), 0, moved);
            break;
          }
          default: {
            const block = next[at];
            const [first, ...rest] = block?.children ?? [];
            if (block && first)
              next[at] = { ...block, children: [{ ...first, text: `${String(first.text)} more` }, ...rest] };
          }
        }
      }
      if (next.length > 160) next.splice(0, next.length - 160);
      const { matched, rebuilt } = roundTrip(previous, next);
      if (!sameJson(rebuilt, next)) expect(rebuilt, `trial ${trial}`).toEqual(next);
      // A matched block is always an equal one, in order.
      let last = -1;
      matched.forEach((m, i) => {
        if (m === null) return;
        if (m <= last || !sameJson(next[i], previous[m]))
          expect.fail(`trial ${trial}: block ${i} matched ${m} after ${last}`);
        last = m;
      });
      previous = next;
    }
  });

  it('refuses steps that do not fit the blocks they edit', () => {
    const previous = [para('One.'), para('Two.')];
    expect(() => applySteps(previous, [3])).toThrow(/passes the end/);
    expect(() => applySteps(previous, [1])).toThrow(/account for 1 of the 2/);
    expect(() => applySteps(previous, [2, 'text'])).toThrow(/neither a count nor a block/);
    expect(() => applySteps(previous, [2, { text: 'no type' }])).toThrow(/neither a count nor a block/);
    expect(() => applySteps(previous, [0, 2])).toThrow(/neither a count nor a block/);
  });

  it("gives each block's text and words so that together they are the body's plain text and word count", () => {
    for (const name of fixtureNames()) {
      const doc = fixtureDocument(loadFixture(name));
      const described = describeBlocks(doc.root.children);
      expect(textOf(described), name).toBe(plainText(doc));
      expect(wordsOf(described), name).toBe(wordCount(doc.root.children));
      expect(described.texts).toEqual(doc.root.children.map(blockTexts));
    }
  });
});
