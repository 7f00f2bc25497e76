/**
 * What one imported file may be, checked before it is parsed so that no
 * file can freeze or exhaust the app. A 20,000-word long-read is about
 * 130 KB of Markdown and nests its lists three deep; the limits leave it
 * ample room. The README's "Hostile inputs" section states the same numbers.
 */
export const IMPORT_LIMITS = {
  /** A Markdown or plain-text file. */
  markdownBytes: 2 * 1024 * 1024,
  /** An HTML file: markup (inline styles from word processors) makes these larger for the same text. */
  htmlBytes: 4 * 1024 * 1024,
  /** A Word file as it is on disk (its photos make most of it). */
  docxBytes: 32 * 1024 * 1024,
  /** A Word file's parts once unpacked, summed from its zip directory: a zip bomb stops here. */
  docxUnpackedBytes: 64 * 1024 * 1024,
  /** Lists and quotes inside each other, formatting inside formatting, HTML elements inside elements. */
  nestingLevels: 64,
  /** Emphasis marks (`*`, `_`, `~`) in one Markdown paragraph; a paragraph with 30 bold or italic phrases has 120. */
  marksPerParagraph: 500,
  /** Reading one file, in the background; a file within the limits above takes a few seconds. */
  parseSeconds: 60,
  /** The background reader's memory: a runaway parse ends there, not in the app's. */
  workerHeapMb: 1536,
} as const;

/** An imported file refused before or while it is read, with a message that says which limit and why. */
export class ImportRefusal extends Error {}

const MB = 1024 * 1024;

/** 20.3 MB, 512 KB, 0.8 KB: enough digits to compare a size with a limit. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number.isInteger(bytes / MB) ? bytes / MB : (bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export function tooLarge(kind: string, bytes: number, limit: number): ImportRefusal {
  return new ImportRefusal(`The file is ${formatBytes(bytes)}; ${kind} imports are limited to ${formatBytes(limit)}.`);
}

export function tooDeep(what: string, levels: number, where = ''): ImportRefusal {
  return new ImportRefusal(
    `${what} ${levels.toLocaleString('en-US')} levels deep${where}; imports are limited to ${IMPORT_LIMITS.nestingLevels} levels.`,
  );
}

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

export interface MarkdownBounds {
  /** An upper bound on how deep lists and quotes nest, and the line (1-based) where it is reached. */
  nesting: { levels: number; line: number };
  /** The most emphasis marks (runs of `*`, `_`, `~`) in one paragraph, and the line where that paragraph starts. */
  marks: { count: number; line: number };
}

/**
 * What makes micromark slow, bounded from one pass over the lines, before
 * it parses anything. Nesting: a line that opens a container can be no
 * deeper than the markers (`>`, `-`, `1.`) it starts with plus the
 * containers its indentation can continue, each of which takes at least two
 * columns. Emphasis marks: micromark matches them within a paragraph in
 * time that grows much faster than their number (4,000 unmatched marks in
 * one paragraph take minutes), so they are counted per paragraph.
 */
export function markdownBounds(text: string): MarkdownBounds {
  const bounds: MarkdownBounds = { nesting: { levels: 0, line: 0 }, marks: { count: 0, line: 0 } };
  let lineNo = 0;
  let marks = 0;
  let paragraphLine = 1;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let markers = 0;
    let columns = 0;
    let i = start;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 0x20) {
        columns++;
        i++;
      } else if (c === 0x09) {
        columns += 4 - (columns % 4);
        i++;
      } else if (c === 0x3e /* > */) {
        markers++;
        i++;
        if (text.charCodeAt(i) === 0x20) i++;
      } else {
        const marker = LIST_MARKER.exec(text.slice(i, Math.min(end, i + 11)));
        if (!marker || (markers === 0 && THEMATIC_BREAK.test(text.slice(start, end)))) break;
        markers++;
        i += marker[0].length + 1;
      }
    }
    const levels = markers === 0 ? 0 : markers + Math.floor(columns / 2);
    if (levels > bounds.nesting.levels) bounds.nesting = { levels, line: lineNo };
    if (i >= end || /^\s*$/.test(text.slice(i, end))) {
      marks = 0;
      paragraphLine = lineNo + 1;
    } else {
      for (let previous = 0; i < end; i++) {
        const c = text.charCodeAt(i);
        if ((c === 0x2a || c === 0x5f || c === 0x7e) && c !== previous) marks++;
        previous = c;
      }
      if (marks > bounds.marks.count) bounds.marks = { count: marks, line: paragraphLine };
    }
    start = end + 1;
  }
  return bounds;
}

/** How deep `counted` nodes nest in a tree, walked without recursion (the tree may be as deep as a hostile file made it). */
export function nestingDepth<T>(
  root: T,
  childrenOf: (node: T) => readonly T[] | undefined,
  counted: (node: T) => boolean,
): number {
  let deepest = 0;
  const stack: Array<{ node: T; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth: above } = stack.pop()!;
    const depth = above + (counted(node) ? 1 : 0);
    if (depth > deepest) deepest = depth;
    for (const child of childrenOf(node) ?? []) stack.push({ node: child, depth });
  }
  return deepest;
}
