import {
  $isElementNode,
  $parseSerializedNode,
  type ElementNode,
  type LexicalNode,
  type SerializedLexicalNode,
} from 'lexical';
import type { SerializedNode } from '../lexical/document';

/**
 * Changes the live Lexical tree into a saved body in place, touching only
 * what differs, so that Lexical's collaboration (which syncs the nodes an
 * update dirtied) writes the smallest change to the shared document: equal
 * blocks are kept, a changed paragraph keeps its node and gets new text, only
 * inserted blocks are created. Run inside an editor update.
 */
export function $reconcileElement(node: ElementNode, target: SerializedNode): void {
  if (canonical(shallowJson(node)) !== canonical(withoutChildren(target))) node.updateFromJSON(target as never);
  $reconcileChildren(node, target.children ?? []);
}

function $reconcileChildren(parent: ElementNode, targets: readonly SerializedNode[]): void {
  const current = parent.getChildren();
  const currentKeys = current.map((child) => canonical(deepJson(child)));
  const targetKeys = targets.map(canonical);
  const kept = matchEqual(currentKeys, targetKeys);
  // Between two kept children, pair what is left in order: same-type nodes are patched, the rest replaced.
  let ci = 0;
  let ti = 0;
  let previous: LexicalNode | null = null;
  for (const [keepC, keepT] of [...kept, [current.length, targets.length] as const]) {
    while (ci < keepC && ti < keepT) previous = $reconcileNode(current[ci++]!, targets[ti++]!);
    while (ci < keepC) current[ci++]!.remove();
    while (ti < keepT)
      previous = $insertAfter(parent, previous, $parseSerializedNode(targets[ti++] as SerializedLexicalNode));
    if (keepC < current.length) previous = current[keepC]!;
    ci = keepC + 1;
    ti = keepT + 1;
  }
}

function $insertAfter(parent: ElementNode, previous: LexicalNode | null, node: LexicalNode): LexicalNode {
  if (previous) return previous.insertAfter(node);
  const first = parent.getFirstChild();
  if (first) return first.insertBefore(node);
  parent.append(node);
  return node;
}

/** Patches a node into the target where its type allows, else replaces it; returns the node now in its place. */
function $reconcileNode(node: LexicalNode, target: SerializedNode): LexicalNode {
  if (node.getType() === target.type) {
    const wanted = canonical(withoutChildren(target));
    if (canonical(shallowJson(node)) !== wanted) node = node.updateFromJSON(target);
    // Some fields (a heading's tag, a list's type) are fixed at creation: then the node is made anew.
    if (canonical(shallowJson(node)) === wanted) {
      if ($isElementNode(node)) $reconcileChildren(node, target.children ?? []);
      return node;
    }
  }
  return node.replace($parseSerializedNode(target as SerializedLexicalNode));
}

function deepJson(node: LexicalNode): SerializedNode {
  const json = node.exportJSON() as SerializedNode;
  return $isElementNode(node) ? { ...json, children: node.getChildren().map(deepJson) } : json;
}

function shallowJson(node: LexicalNode): SerializedNode {
  return withoutChildren(node.exportJSON());
}

function withoutChildren(json: SerializedNode): SerializedNode {
  const { children: _children, ...rest } = json;
  return rest;
}

/** JSON with keys sorted, so a saved body and Lexical's export compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Past this many cells the longest common subsequence is not worth its time: unequal ends are paired in order instead. */
const MAX_LCS_CELLS = 1_000_000;

/**
 * The pairs of equal entries kept between two lists: the equal ends, and in
 * between the longest common subsequence (small middles only), in order.
 */
function matchEqual(a: readonly string[], b: readonly string[]): Array<readonly [number, number]> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const pairs: Array<readonly [number, number]> = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  const n = endA - start;
  const m = endB - start;
  if (n > 0 && m > 0 && n * m <= MAX_LCS_CELLS) {
    const lengths = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i]![j] =
          a[start + i] === b[start + j]
            ? lengths[i + 1]![j + 1]! + 1
            : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[start + i] === b[start + j]) pairs.push([start + i++, start + j++]);
      else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
      else j++;
    }
  }
  for (let k = 0; endA + k < a.length; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}
