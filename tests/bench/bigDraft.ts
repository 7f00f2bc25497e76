import type { LexicalDocument, SerializedNode } from '../../src/common/lexical/document';
import { countWords, plainText } from '../../src/common/lexical/document';
import { fixtureDocument, fixtureNames, loadFixture } from '../support/fixtures';
import { pick } from '../support/random';

/**
 * A long feature for the save benchmarks: the fixture articles' blocks
 * (formatting, links, lists, quotes and figures as the editor makes them),
 * repeated until the piece has at least `words` words.
 */
export function bigDocument(words: number): LexicalDocument {
  const blocks = fixtureNames()
    .map(loadFixture)
    .filter((a) => a.body.length > 0)
    .flatMap((a) => fixtureDocument(a).root.children);
  const round: LexicalDocument = {
    root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children: blocks },
  };
  const perRound = countWords(plainText(round));
  const children: SerializedNode[] = [];
  for (let i = 0; i < Math.ceil(words / perRound); i++) children.push(...structuredClone(blocks));
  return { root: { ...round.root, children } };
}

function textNodes(node: SerializedNode, out: SerializedNode[] = []): SerializedNode[] {
  if (typeof node.text === 'string' && /\p{L}{4,}/u.test(node.text)) out.push(node);
  for (const child of node.children ?? []) textNodes(child, out);
  return out;
}

/**
 * Small edits, as a writer makes between two autosaves: `count` words, each
 * in a random text node, replaced by another word from the piece. Mutates
 * the document in place; it always changes.
 */
export function editor(doc: LexicalDocument, random: () => number): (count: number) => void {
  const nodes = textNodes(doc.root);
  const vocabulary = [...new Set(plainText(doc).match(/\p{L}{4,}/gu) ?? [])];
  return (count) => {
    for (let i = 0; i < count; i++) {
      const node = pick(random, nodes);
      const text = node.text as string;
      const words = [...text.matchAll(/\p{L}{4,}/gu)];
      const target = pick(random, words);
      let replacement = pick(random, vocabulary);
      if (replacement === target[0]) replacement = `${replacement}s`;
      node.text = text.slice(0, target.index) + replacement + text.slice(target.index + target[0].length);
    }
  };
}
