import { diffArrays, diffWords } from 'diff';
import { STATUS_LABELS, tagKey, type Draft, type DraftSnapshot, type Source } from '../domain';
import { figuresOf } from '../nodes/figure/figureJson';
import { countWords, plainText, type LexicalDocument } from '../lexical/document';

/**
 * What changed between a revision and the current draft, as plain data the
 * panel renders. The body is compared paragraph by paragraph first (cheap,
 * and keeps the paragraphs on screen), then word by word inside the
 * paragraphs that changed, with the maintained `diff` library.
 */

/** At most this many words of each side are compared; the rest is named, not shown. */
export const MAX_DIFF_WORDS = 5_000;
/** Time budget for the word-level pass; past it, changed paragraphs show whole. */
const WORD_DIFF_BUDGET_MS = 400;
/** Unchanged paragraphs kept around a change; longer runs fold away. */
const CONTEXT = 1;

export interface Piece {
  kind: 'same' | 'ins' | 'del';
  text: string;
}

export type DiffBlock =
  | { kind: 'same'; text: string }
  /** A run of unchanged paragraphs, folded. */
  | { kind: 'fold'; texts: string[] }
  | { kind: 'changed'; pieces: Piece[] };

export interface BodyDiff {
  blocks: DiffBlock[];
  changed: boolean;
  wordsAdded: number;
  wordsRemoved: number;
  /** Set when the text was longer than the cap: only the start was compared. */
  truncated: { limit: number; oldWords: number; newWords: number } | null;
}

function blocksOf(text: string): string[] {
  return text
    .split(/\n{2,}/)
    .map((b) => b.replace(/\s+$/u, ''))
    .filter((b) => b.trim().length > 0);
}

/** The first `limit` words of `text`, cut at a word boundary. */
function firstWords(text: string, limit: number): string {
  const token = /\S+/gu;
  let n = 0;
  let match: RegExpExecArray | null;
  while ((match = token.exec(text)) !== null) {
    n++;
    if (n === limit) return text.slice(0, match.index + match[0].length);
  }
  return text;
}

/** Paragraphs from the start until `limit` words are taken (the last one cut if it must be). */
function capBlocks(blocks: string[], limit: number): { kept: string[]; words: number; cut: boolean } {
  const kept: string[] = [];
  let words = 0;
  for (const block of blocks) {
    const n = countWords(block);
    if (words + n <= limit) {
      kept.push(block);
      words += n;
      continue;
    }
    const room = limit - words;
    if (room > 0) kept.push(firstWords(block, room));
    return { kept, words: limit, cut: true };
  }
  return { kept, words, cut: false };
}

function wordPieces(before: string, after: string, deadline: number): Piece[] {
  const whole: Piece[] = [
    { kind: 'del', text: before },
    { kind: 'ins', text: after },
  ];
  const left = deadline - Date.now();
  if (left <= 0) return whole;
  const changes = diffWords(before, after, { timeout: left });
  if (!changes) return whole;
  return changes.map((c) => ({ kind: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value }));
}

function fold(blocks: DiffBlock[]): DiffBlock[] {
  const out: DiffBlock[] = [];
  let run: string[] = [];
  const flush = (atStart: boolean, atEnd: boolean): void => {
    const head = atStart ? 0 : CONTEXT;
    const tail = atEnd ? 0 : CONTEXT;
    if (run.length > head + tail + 1) {
      for (const text of run.slice(0, head)) out.push({ kind: 'same', text });
      out.push({ kind: 'fold', texts: run.slice(head, run.length - tail) });
      for (const text of run.slice(run.length - tail)) out.push({ kind: 'same', text });
    } else {
      for (const text of run) out.push({ kind: 'same', text });
    }
    run = [];
  };
  blocks.forEach((block) => {
    if (block.kind === 'same') {
      run.push(block.text);
      return;
    }
    flush(out.length === 0, false);
    out.push(block);
  });
  flush(out.length === 0, true);
  return out;
}

/** The body of `before` (a revision) against `after` (the current draft), words marked. */
export function diffBodies(beforeText: string, afterText: string, limit = MAX_DIFF_WORDS): BodyDiff {
  const before = capBlocks(blocksOf(beforeText), limit);
  const after = capBlocks(blocksOf(afterText), limit);
  const truncated =
    before.cut || after.cut ? { limit, oldWords: countWords(beforeText), newWords: countWords(afterText) } : null;
  const deadline = Date.now() + WORD_DIFF_BUDGET_MS;

  const blocks: DiffBlock[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const settle = (): void => {
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++)
      blocks.push({ kind: 'changed', pieces: wordPieces(removed[i]!, added[i]!, deadline) });
    for (const text of removed.slice(pairs)) blocks.push({ kind: 'changed', pieces: [{ kind: 'del', text }] });
    for (const text of added.slice(pairs)) blocks.push({ kind: 'changed', pieces: [{ kind: 'ins', text }] });
    removed = [];
    added = [];
  };
  for (const change of diffArrays(before.kept, after.kept)) {
    if (change.removed) removed.push(...change.value);
    else if (change.added) added.push(...change.value);
    else {
      settle();
      for (const text of change.value) blocks.push({ kind: 'same', text });
    }
  }
  settle();

  let wordsAdded = 0;
  let wordsRemoved = 0;
  for (const block of blocks) {
    if (block.kind !== 'changed') continue;
    for (const piece of block.pieces) {
      if (piece.kind === 'ins') wordsAdded += countWords(piece.text);
      if (piece.kind === 'del') wordsRemoved += countWords(piece.text);
    }
  }
  return {
    blocks: fold(blocks),
    changed: wordsAdded + wordsRemoved > 0 || blocks.some((b) => b.kind === 'changed'),
    wordsAdded,
    wordsRemoved,
    truncated,
  };
}

export interface TextChange {
  kind: 'text';
  label: string;
  before: string;
  after: string;
  note?: string;
}

export interface ListChange {
  kind: 'list';
  label: string;
  removed: string[];
  added: string[];
  kept: string[];
}

export interface SourceChange {
  kind: 'source';
  change: 'added' | 'removed' | 'changed';
  /** The source as a reader names it: outlet and title. */
  name: string;
  fields: Array<{ label: string; before: string; after: string }>;
}

export interface ImageChange {
  kind: 'image';
  before: string | null;
  after: string | null;
}

export type FieldChange = TextChange | ListChange | SourceChange | ImageChange;

const SOURCE_FIELDS: Array<[keyof Source, string]> = [
  ['outlet', 'Outlet'],
  ['title', 'Title'],
  ['url', 'URL'],
];

export function sourceName(source: Source): string {
  const parts = [source.outlet, source.title].filter((p) => p.trim().length > 0);
  return parts.length > 0 ? parts.join(': ') : source.url || 'Untitled source';
}

function compareSources(before: Source[], after: Source[]): SourceChange[] {
  const out: SourceChange[] = [];
  const afterById = new Map(after.map((s) => [s.id, s]));
  const beforeIds = new Set(before.map((s) => s.id));
  for (const old of before) {
    const now = afterById.get(old.id);
    if (!now) {
      out.push({ kind: 'source', change: 'removed', name: sourceName(old), fields: [] });
      continue;
    }
    const fields = SOURCE_FIELDS.filter(([key]) => old[key] !== now[key]).map(([key, label]) => ({
      label,
      before: old[key],
      after: now[key],
    }));
    if (fields.length > 0) out.push({ kind: 'source', change: 'changed', name: sourceName(now), fields });
  }
  for (const now of after) {
    if (!beforeIds.has(now.id)) out.push({ kind: 'source', change: 'added', name: sourceName(now), fields: [] });
  }
  return out;
}

function compareTags(before: string[], after: string[]): ListChange | null {
  const beforeKeys = new Set(before.map(tagKey));
  const afterKeys = new Set(after.map(tagKey));
  const removed = before.filter((t) => !afterKeys.has(tagKey(t)));
  const added = after.filter((t) => !beforeKeys.has(tagKey(t)));
  if (removed.length === 0 && added.length === 0) return null;
  return { kind: 'list', label: 'Tags', removed, added, kept: after.filter((t) => beforeKeys.has(tagKey(t))) };
}

/** The fields that differ between a revision and the current draft, in the order the fields pane shows them. */
const FIGURE_WORDS = [
  ['caption', 'caption'],
  ['credit', 'credit'],
  ['alt', 'alt text'],
  ['license', 'license'],
] as const;

/** The words of each figure, by its place in the text: a changed credit or alt text is a change an editor must see. */
function figureWords(body: LexicalDocument): Array<Record<(typeof FIGURE_WORDS)[number][0], string>> {
  return figuresOf(body).map(({ caption, credit, alt, license }) => ({ caption, credit, alt, license }));
}

/** `statusNote` explains a status change (a restore keeps the current status, so it says so). */
export function diffFields(before: DraftSnapshot, after: DraftSnapshot, statusNote?: string): FieldChange[] {
  const out: FieldChange[] = [];
  const text = (label: string, a: string, b: string, note?: string): void => {
    if (a !== b) out.push({ kind: 'text', label, before: a, after: b, ...(note ? { note } : {}) });
  };
  text('Headline', before.headline, after.headline);
  text('Dek', before.dek, after.dek);
  text('Byline', before.byline.join(', '), after.byline.join(', '));
  text('Section', before.section, after.section);
  text('Slug', before.slug, after.slug);
  text('Published', before.datePublished, after.datePublished);
  text('Updated', before.dateModified, after.dateModified);
  const tags = compareTags(before.tags, after.tags);
  if (tags) out.push(tags);
  out.push(...compareSources(before.sources, after.sources));
  if (before.topImage !== after.topImage) out.push({ kind: 'image', before: before.topImage, after: after.topImage });
  const figuresBefore = figureWords(before.body);
  const figuresAfter = figureWords(after.body);
  for (let i = 0; i < Math.max(figuresBefore.length, figuresAfter.length); i++) {
    const a = figuresBefore[i];
    const b = figuresAfter[i];
    if (!a || !b) {
      text(`Figure ${i + 1}`, a ? a.caption || '(a figure)' : '(none)', b ? b.caption || '(a figure)' : '(none)');
      continue;
    }
    for (const [key, label] of FIGURE_WORDS) text(`Figure ${i + 1} ${label}`, a[key], b[key]);
  }
  text('Status', STATUS_LABELS[before.status], STATUS_LABELS[after.status], statusNote);
  return out;
}

export interface Comparison {
  body: BodyDiff;
  fields: FieldChange[];
}

/** Both comparisons at once: the revision's content against the current draft. */
export function compareWithCurrent(snapshot: DraftSnapshot, current: Draft, limit = MAX_DIFF_WORDS): Comparison {
  return {
    body: diffBodies(plainText(snapshot.body), plainText(current.body), limit),
    fields: diffFields(snapshot, current, 'Restoring keeps the current status.'),
  };
}

/** Two kept versions, older first: what changed from one to the other. */
export function compareVersions(older: DraftSnapshot, newer: DraftSnapshot, limit = MAX_DIFF_WORDS): Comparison {
  return { body: diffBodies(plainText(older.body), plainText(newer.body), limit), fields: diffFields(older, newer) };
}
