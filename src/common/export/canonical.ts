import { BLOCK_TYPES, documentOf, type LexicalDocument, type SerializedNode } from '../lexical/document';
import {
  formattedTextNode,
  headingNode,
  horizontalRuleNode,
  lineBreakNode,
  listFromItems,
  paragraphNode,
  quoteNode,
  TEXT_FORMAT,
  titledLinkNode,
} from '../lexical/nodes';
import { CITATION_TYPE, citationNode, citedSource, isCitation } from '../nodes/citation/citationJson';
import { FIGURE_TYPE, figureFields, figureNode, isFigure } from '../nodes/figure/figureJson';
import { isSafeHref } from './safeUrl';

/**
 * The canonical form of a saved document: the things Markdown cannot say,
 * settled one way, so export → import is the identity on it. The rules:
 * docs/ARCHITECTURE.md, "The canonical form".
 */

export const MARK_BITS =
  TEXT_FORMAT.bold | TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough | TEXT_FORMAT.underline | TEXT_FORMAT.code;
/** Marks whose Markdown delimiters cannot sit next to whitespace. */
export const FLANKED_MARKS = [TEXT_FORMAT.bold, TEXT_FORMAT.italic, TEXT_FORMAT.strikethrough] as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NEWLINE = /\r\n|\r|\n/;

/** Whitespace as any CommonMark parser may see it (the union of the spec's set and JavaScript's \s). */
export const WHITESPACE = /\s/;

/** Text as a document may hold it: no control characters but tab and newline, no broken surrogates. */
export function cleanText(text: string): string {
  let out = text;
  if (CONTROL.test(out)) out = out.replace(CONTROL, (c) => (c === '\u0000' ? '\ufffd' : ''));
  CONTROL.lastIndex = 0;
  if (LONE_SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, '\ufffd');
  LONE_SURROGATE.lastIndex = 0;
  return out;
}

export function canonicalDocument(doc: LexicalDocument, sourceIds: ReadonlySet<string>): LexicalDocument {
  const children = canonicalBlocks(doc.root.children, sourceIds);
  return documentOf(children.length ? children : [paragraphNode([])]);
}

function canonicalBlocks(nodes: readonly SerializedNode[], sourceIds: ReadonlySet<string>): SerializedNode[] {
  const out: SerializedNode[] = [];
  for (const node of nodes) canonicalBlock(node, sourceIds, out);
  return out;
}

function canonicalBlock(node: SerializedNode, sourceIds: ReadonlySet<string>, out: SerializedNode[]): void {
  switch (node.type) {
    case 'paragraph': {
      const inline = blockInline(node, sourceIds);
      if (inline.length > 0) out.push(paragraphNode(inline));
      return;
    }
    case 'heading': {
      const level = /^h([1-6])$/.exec(String(node.tag))?.[1];
      out.push(headingNode(Number(level ?? 2) as 1 | 2 | 3 | 4 | 5 | 6, blockInline(node, sourceIds)));
      return;
    }
    case 'quote':
      out.push(quoteNode(blockInline(node, sourceIds)));
      return;
    case 'list': {
      const list = canonicalList(node, sourceIds);
      if (list) out.push(list);
      return;
    }
    case FIGURE_TYPE: {
      const { image, alt, caption, credit, license } = figureFields(node);
      out.push(
        figureNode({
          image: cleanText(image),
          alt: cleanText(alt),
          caption: cleanText(caption),
          credit: cleanText(credit),
          license: cleanText(license),
        }),
      );
      return;
    }
    case 'horizontalrule':
      out.push(horizontalRuleNode());
      return;
    case 'code': {
      const inline = blockInline(node, sourceIds, TEXT_FORMAT.code);
      if (inline.length > 0) out.push(paragraphNode(inline));
      return;
    }
    default: {
      const children = node.children ?? [];
      if (children.some((c) => BLOCK_TYPES.has(c.type))) out.push(...canonicalBlocks(children, sourceIds));
      else if (children.length > 0 || typeof node.text === 'string') {
        const inline = blockInline(
          typeof node.text === 'string' ? { type: 'paragraph', children: [node] } : node,
          sourceIds,
        );
        if (inline.length > 0) out.push(paragraphNode(inline));
      }
    }
  }
}

function listStart(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 999_999_999 ? value : 1;
}

function canonicalList(node: SerializedNode, sourceIds: ReadonlySet<string>, nested = false): SerializedNode | null {
  const items: SerializedNode[][] = [];
  for (const child of node.children ?? []) {
    if (child.type === 'list') {
      const list = canonicalList(child, sourceIds, true);
      if (list) items.push([list]);
      continue;
    }
    // A list item holds inline content, nested lists, or both: each nested list gets an item of its own, as in Lexical.
    let inline: SerializedNode[] = [];
    const flush = () => {
      const content = finishInline(inline, false);
      if (content.length > 0) items.push(content);
      inline = [];
    };
    for (const grandchild of child.children ?? []) {
      if (grandchild.type === 'list') {
        flush();
        const list = canonicalList(grandchild, sourceIds, true);
        if (list) items.push([list]);
      } else {
        collectInline(
          BLOCK_TYPES.has(grandchild.type) ? { type: 'span', children: grandchild.children ?? [] } : grandchild,
          sourceIds,
          inline,
          false,
          0,
        );
      }
    }
    flush();
  }
  if (items.length === 0) return null;
  const ordered = node.listType === 'number';
  return listFromItems(ordered, ordered && !nested ? listStart(node.start) : 1, items);
}

/** The inline content of a block, blocks nested in it (a paragraph in a quote) joined by line breaks. */
function blockInline(node: SerializedNode, sourceIds: ReadonlySet<string>, extraFormat = 0): SerializedNode[] {
  const raw: SerializedNode[] = [];
  let first = true;
  for (const child of node.children ?? []) {
    if (BLOCK_TYPES.has(child.type) && !isFigure(child)) {
      if (!first) raw.push(lineBreakNode());
      for (const grandchild of child.children ?? []) collectInline(grandchild, sourceIds, raw, false, extraFormat);
    } else {
      collectInline(child, sourceIds, raw, false, extraFormat);
    }
    first = false;
  }
  return finishInline(raw, false);
}

function collectInline(
  node: SerializedNode,
  sourceIds: ReadonlySet<string>,
  out: SerializedNode[],
  inLink: boolean,
  extraFormat: number,
): void {
  if (typeof node.text === 'string' && !Array.isArray(node.children)) {
    const format = ((typeof node.format === 'number' ? node.format : 0) | extraFormat) & MARK_BITS;
    const lines = cleanText(node.text).split(NEWLINE);
    lines.forEach((line, i) => {
      if (i > 0) out.push(inLink ? formattedTextNode(' ', 0) : lineBreakNode());
      if (line.length > 0) out.push(formattedTextNode(line, format));
    });
    return;
  }
  switch (node.type) {
    case 'linebreak':
      out.push(inLink ? formattedTextNode(' ', 0) : lineBreakNode());
      return;
    case CITATION_TYPE: {
      const sourceId = citedSource(node);
      if (sourceId !== null && sourceIds.has(sourceId)) out.push(citationNode(sourceId));
      return;
    }
    case 'link':
    case 'autolink': {
      const url = typeof node.url === 'string' ? node.url : '';
      if (inLink || !isSafeHref(url)) {
        for (const child of node.children ?? []) collectInline(child, sourceIds, out, inLink, extraFormat);
        return;
      }
      const inner: SerializedNode[] = [];
      for (const child of node.children ?? []) collectInline(child, sourceIds, inner, true, extraFormat);
      const citations = inner.filter(isCitation);
      const content = finishInline(
        inner.filter((n) => !isCitation(n)),
        true,
      );
      if (content.length > 0) {
        const title = typeof node.title === 'string' && node.title.length > 0 ? cleanText(node.title) : null;
        out.push(titledLinkNode(url, title, content));
      }
      out.push(...citations);
      return;
    }
    default:
      for (const child of node.children ?? []) collectInline(child, sourceIds, out, inLink, extraFormat);
  }
}

/** Merges runs, moves whitespace out of flanked marks, and (outside links) drops trailing line breaks. */
function finishInline(nodes: SerializedNode[], inLink: boolean): SerializedNode[] {
  let out = mergeText(nodes);
  if (needsTrim(out)) out = mergeText(trimFlankedMarks(out));
  if (!inLink) while (out.length > 0 && out[out.length - 1]!.type === 'linebreak') out.pop();
  return out;
}

function isText(node: SerializedNode): node is SerializedNode & { text: string; format: number } {
  return node.type === 'text';
}

function mergeText(nodes: readonly SerializedNode[]): SerializedNode[] {
  const out: SerializedNode[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (isText(node)) {
      if (node.text.length === 0) continue;
      if (last && isText(last) && last.format === node.format) {
        out[out.length - 1] = formattedTextNode(last.text + node.text, last.format);
        continue;
      }
    }
    out.push(node);
  }
  return out;
}

const FLANKED_BITS = TEXT_FORMAT.bold | TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough;

function needsTrim(nodes: readonly SerializedNode[]): boolean {
  return nodes.some(
    (n) =>
      isText(n) &&
      (n.format & FLANKED_BITS) !== 0 &&
      (n.format & TEXT_FORMAT.code) === 0 &&
      (WHITESPACE.test(n.text[0]!) || WHITESPACE.test(n.text[n.text.length - 1]!)),
  );
}

/**
 * Within each stretch of text between links, breaks and citations, clears
 * a flanked mark from the whitespace at either end of each maximal span
 * that carries it. Code text never counts as whitespace: it is written
 * between backticks.
 */
function trimFlankedMarks(nodes: readonly SerializedNode[]): SerializedNode[] {
  const out: SerializedNode[] = [];
  let segment: Array<{ ch: string; format: number }> = [];
  const flush = () => {
    if (segment.length === 0) return;
    for (const bit of FLANKED_MARKS) {
      let i = 0;
      while (i < segment.length) {
        if (!(segment[i]!.format & bit)) {
          i++;
          continue;
        }
        let end = i;
        while (end < segment.length && segment[end]!.format & bit) end++;
        const trimmable = (k: number) => WHITESPACE.test(segment[k]!.ch) && !(segment[k]!.format & TEXT_FORMAT.code);
        for (let k = i; k < end && trimmable(k); k++) segment[k]!.format &= ~bit;
        for (let k = end - 1; k >= i && trimmable(k); k--) segment[k]!.format &= ~bit;
        i = end;
      }
    }
    for (const { ch, format } of segment) out.push(formattedTextNode(ch, format));
    segment = [];
  };
  for (const node of nodes) {
    if (isText(node)) {
      // Whitespace is never part of a surrogate pair, so splitting by code unit keeps characters whole once merged again.
      for (const ch of node.text) segment.push({ ch, format: node.format });
    } else {
      flush();
      // A link's own content was finished (and trimmed) when the link was collected.
      out.push(node);
    }
  }
  flush();
  return out;
}
