import type { SerializedNode } from '../lexical/document';
import { TEXT_FORMAT } from '../lexical/nodes';
import { isCitation } from '../nodes/citation/citationJson';
import { WHITESPACE } from './canonical';
import { planMarks, type MarkPiece } from './marks';

/**
 * Inline content of a canonical document as CommonMark + GFM, escaped
 * exactly: text that merely looks like Markdown stays text. The three
 * layers: docs/ARCHITECTURE.md, "Inline Markdown, escaped exactly".
 */

interface Lit {
  kind: 'lit';
  text: string;
  lineStart: boolean;
  blockEnd: boolean;
  encodeFirst: boolean;
  encodeLast: boolean;
  beforeBracket: boolean;
  afterFootnote: boolean;
  out: string;
}
interface Delim {
  kind: 'delim';
  text: string;
  open: boolean;
  piece: MarkPiece;
}
interface Raw {
  kind: 'raw';
  text: string;
  piece?: MarkPiece;
}
type Token = Lit | Delim | Raw;

export interface InlineOptions {
  /** In an ATX heading everything stays on one line: breaks are `<br>`, no block syntax can start. */
  heading?: boolean;
  /** A citation's footnote reference (`[^1]`), or nothing when its source has no footnote. */
  citation(node: SerializedNode): string | undefined;
}

const DELIMITER: Record<number, string> = {
  [TEXT_FORMAT.bold]: '**',
  [TEXT_FORMAT.italic]: '*',
  [TEXT_FORMAT.strikethrough]: '~~',
};
const TAG: Record<number, string> = {
  [TEXT_FORMAT.bold]: 'strong',
  [TEXT_FORMAT.italic]: 'em',
  [TEXT_FORMAT.strikethrough]: 'del',
  [TEXT_FORMAT.underline]: 'u',
};
const PAIRED_BITS = TEXT_FORMAT.bold | TEXT_FORMAT.italic | TEXT_FORMAT.strikethrough | TEXT_FORMAT.underline;

export function inlineMarkdown(nodes: readonly SerializedNode[], options: InlineOptions): string {
  const tokens: Token[] = [];
  let lineStart = true;
  let afterFootnote = false;

  const pushLit = (text: string) => {
    tokens.push({
      kind: 'lit',
      text,
      lineStart,
      blockEnd: false,
      encodeFirst: false,
      encodeLast: false,
      beforeBracket: false,
      afterFootnote,
      out: '',
    });
    lineStart = false;
    afterFootnote = false;
  };
  const pushRaw = (text: string) => {
    tokens.push({ kind: 'raw', text });
    lineStart = false;
    afterFootnote = false;
  };
  const markBracketNext = () => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'lit') last.beforeBracket = true;
  };

  const writeSegment = (texts: SerializedNode[]) => {
    const formats = texts.map((t) => (t.format as number) & PAIRED_BITS);
    const html = new Set<MarkPiece>();
    for (const step of planMarks(formats)) {
      if (step.kind === 'text') {
        const node = texts[step.index]!;
        if ((node.format as number) & TEXT_FORMAT.code) pushRaw(codeSpan(node.text!));
        else pushLit(node.text!);
      } else if (step.kind === 'open') {
        if (needsTag(step.piece, texts, tokens[tokens.length - 1])) {
          html.add(step.piece);
          pushRaw(`<${TAG[step.piece.bit]}>`);
        } else {
          tokens.push({ kind: 'delim', text: DELIMITER[step.piece.bit]!, open: true, piece: step.piece });
          lineStart = false;
          afterFootnote = false;
        }
      } else if (html.has(step.piece)) {
        pushRaw(`</${TAG[step.piece.bit]}>`);
      } else {
        tokens.push({ kind: 'delim', text: DELIMITER[step.piece.bit]!, open: false, piece: step.piece });
        afterFootnote = false;
      }
    }
  };

  const writeSequence = (sequence: readonly SerializedNode[]) => {
    let texts: SerializedNode[] = [];
    const flush = () => {
      if (texts.length > 0) writeSegment(texts);
      texts = [];
    };
    for (const node of sequence) {
      if (node.type === 'text') {
        texts.push(node);
        continue;
      }
      flush();
      if (node.type === 'linebreak') {
        if (options.heading) pushRaw('<br>');
        else {
          pushRaw('\\\n');
          lineStart = true;
        }
      } else if (isCitation(node)) {
        const reference = options.citation(node);
        if (reference !== undefined) {
          markBracketNext();
          pushRaw(reference);
          afterFootnote = true;
        }
      } else if (node.type === 'link') {
        markBracketNext();
        pushRaw('[');
        writeSequence(node.children ?? []);
        pushRaw(`](${linkDestination(String(node.url))}${linkTitle(node.title)})`);
      }
    }
    flush();
  };

  writeSequence(nodes);
  const last = tokens[tokens.length - 1];
  if (last?.kind === 'lit') last.blockEnd = true;
  return finish(tokens, options.heading === true);
}

/** Whether a mark piece must be written as an HTML tag rather than a Markdown delimiter, as far as is known when it opens. */
function needsTag(piece: MarkPiece, texts: readonly SerializedNode[], previous: Token | undefined): boolean {
  if (piece.bit === TEXT_FORMAT.underline) return true;
  const first = texts[piece.start]!;
  const last = texts[piece.end - 1]!;
  const edge = (node: SerializedNode, at: 'first' | 'last') => {
    if ((node.format as number) & TEXT_FORMAT.code) return '`';
    const t = node.text!;
    return at === 'first' ? t[0]! : t[t.length - 1]!;
  };
  if (WHITESPACE.test(edge(first, 'first')) || WHITESPACE.test(edge(last, 'last'))) return true;
  // A closing `*` directly followed by an opening `*` would merge into one ambiguous run.
  return previous?.kind === 'delim' && !previous.open && previous.text[0] === DELIMITER[piece.bit]![0];
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const SURE_WHITESPACE = /[\t\n\f\r \p{Zs}]/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

type CharClass = 'space' | 'punct' | 'other' | 'unclear';

/**
 * How CommonMark's flanking rules see a character. 'unclear' is whitespace
 * to one conforming parser and not to another (U+FEFF, U+2028…): never
 * relied on either way.
 */
function classify(ch: string | undefined): CharClass {
  if (ch === undefined || SURE_WHITESPACE.test(ch)) return 'space';
  if (WHITESPACE.test(ch)) return 'unclear';
  if (ASCII_PUNCTUATION.test(ch) || PUNCTUATION.test(ch)) return 'punct';
  return 'other';
}

function tokenText(token: Token): string {
  return token.kind === 'lit' ? token.out : token.text;
}

function firstChar(s: string): string | undefined {
  if (s.length === 0) return undefined;
  return String.fromCodePoint(s.codePointAt(0)!);
}

function lastChar(s: string): string | undefined {
  if (s.length === 0) return undefined;
  const low = s.charCodeAt(s.length - 1);
  return low >= 0xdc00 && low <= 0xdfff && s.length > 1 ? s.slice(-2) : s.slice(-1);
}

/**
 * What a delimiter run needs to be read as intended: an opener must be
 * left-flanking and not right-flanking, a closer the reverse, so that no
 * run can be taken either way (which is where CommonMark's "rule of 3" and
 * nearest-opener matching would pair delimiters differently from us).
 * 'encode-before'/'encode-after': writing the neighbouring letter as a
 * character reference makes it punctuation, which is enough.
 */
function runVerdict(
  open: boolean,
  before: string | undefined,
  after: string | undefined,
): 'ok' | 'encode-before' | 'encode-after' | 'tag' {
  const p = classify(before);
  const n = classify(after);
  if (open) {
    if (n === 'space' || n === 'unclear') return 'tag';
    if (n === 'punct') return p === 'space' ? 'ok' : 'tag';
    return p === 'space' || p === 'punct' ? 'ok' : 'encode-before';
  }
  if (p === 'space' || p === 'unclear') return 'tag';
  if (p === 'punct') return n === 'space' ? 'ok' : 'tag';
  return n === 'space' || n === 'punct' ? 'ok' : 'encode-after';
}

function finish(tokens: Token[], heading: boolean): string {
  for (const token of tokens) if (token.kind === 'lit') token.out = escapeLit(token, heading);
  // Each pass either settles every run or changes something finite (an encoding, a piece turned into tags).
  for (let pass = 0; pass <= tokens.length * 2; pass++) {
    let changed = false;
    let i = 0;
    while (i < tokens.length) {
      const token = tokens[i]!;
      if (token.kind !== 'delim') {
        i++;
        continue;
      }
      let end = i;
      while (end < tokens.length && tokens[end]!.kind === 'delim' && tokens[end]!.text[0] === token.text[0]) end++;
      const before = tokens[i - 1];
      const after = tokens[end];
      const verdict = runVerdict(
        token.open,
        before ? lastChar(tokenText(before)) : undefined,
        after ? firstChar(tokenText(after)) : undefined,
      );
      if (verdict === 'encode-before' && before?.kind === 'lit' && !before.encodeLast) {
        before.encodeLast = true;
        before.out = escapeLit(before, heading);
        changed = true;
      } else if (verdict === 'encode-after' && after?.kind === 'lit' && !after.encodeFirst) {
        after.encodeFirst = true;
        after.out = escapeLit(after, heading);
        changed = true;
      } else if (verdict !== 'ok') {
        const pieces = new Set(tokens.slice(i, end).map((t) => (t as Delim).piece));
        for (const [k, t] of tokens.entries()) {
          if (t.kind === 'delim' && pieces.has(t.piece))
            tokens[k] = {
              kind: 'raw',
              text: t.open ? `<${TAG[t.piece.bit]}>` : `</${TAG[t.piece.bit]}>`,
              piece: t.piece,
            };
        }
        changed = true;
        break;
      }
      i = end;
    }
    if (!changed) break;
  }
  let out = '';
  for (const token of tokens) out += tokenText(token);
  return out;
}

export function characterReference(ch: string): string {
  return `&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`;
}

const INLINE_SPECIAL = /[\\`*_[\]<~|]/g;
const ENTITY_AMPERSAND = /&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)/g;
const TEMPLATE_BRACE = /(?<=\{)[{%]/g;
const NEEDS_ESCAPE = /[\\`*_[\]<~|&{]/;

/** Escapes what is special anywhere inline. */
export function escapeInlineText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(INLINE_SPECIAL, '\\$&').replace(ENTITY_AMPERSAND, '\\&').replace(TEMPLATE_BRACE, '\\$&');
}

function escapeLit(lit: Lit, heading: boolean): string {
  let text = lit.text;
  let head = '';
  let tail = '';
  if (lit.lineStart && (text[0] === ' ' || text[0] === '\t')) {
    head = characterReference(text[0]);
  } else if (lit.lineStart && !heading) {
    const ordered = /^(\d{1,9})([.)])/.exec(text);
    if (ordered) head = `${ordered[1]}\\${ordered[2]}`;
    else if (/^[#>+\-=]/.test(text)) head = `\\${text[0]}`;
  }
  if (!head && lit.afterFootnote && text[0] === ':') head = '\\:';
  if (!head && lit.encodeFirst) head = characterReference(firstChar(text)!);
  if (head) text = text.slice(head.startsWith('&#x') ? firstChar(text)!.length : head.replace(/\\/g, '').length);

  if (text.length > 0) {
    const last = lastChar(text)!;
    if ((lit.blockEnd && (last === ' ' || last === '\t')) || lit.encodeLast) {
      tail = characterReference(last);
      text = text.slice(0, -last.length);
    } else if (lit.beforeBracket && last === '!') {
      tail = '\\!';
      text = text.slice(0, -1);
    }
  }
  let body = escapeInlineText(text);
  // A heading's closing run of #s would be taken for ATX decoration.
  if (heading && lit.blockEnd && !tail && /#$/.test(body)) body = body.replace(/(#+)$/, '\\$1');
  return head + body + tail;
}

/**
 * Text of a field written inline (a caption, a credit, alt text): escaped
 * like body text, with line breaks, tabs and edge whitespace as character
 * references so that the parser hands back exactly the same string.
 */
export function escapeFieldText(text: string): string {
  if (text.length === 0) return '';
  let out = escapeInlineText(text).replace(/[\n\r\t]/g, characterReference);
  const first = out[0]!;
  if (WHITESPACE.test(first)) out = characterReference(first) + out.slice(1);
  const last = out[out.length - 1]!;
  if (out.length > 1 && WHITESPACE.test(last)) out = out.slice(0, -1) + characterReference(last);
  return out;
}

/** A code span whose fence is longer than any backtick run inside it. */
export function codeSpan(text: string): string {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  const pad =
    text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && /[^ ]/.test(text))
      ? ' '
      : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function balancedParentheses(url: string): boolean {
  let depth = 0;
  for (const ch of url) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A link destination that reads back as exactly `url`. */
export function linkDestination(url: string): string {
  const escaped = url.replace(/\\/g, '\\\\').replace(ENTITY_AMPERSAND, '\\&');
  if (url === '' || /[\s<>]/.test(url) || !balancedParentheses(url)) return `<${escaped.replace(/[<>]/g, '\\$&')}>`;
  return escaped;
}

function linkTitle(title: unknown): string {
  if (typeof title !== 'string' || title.length === 0) return '';
  const escaped = title
    .replace(/[\\"]/g, '\\$&')
    .replace(ENTITY_AMPERSAND, '\\&')
    .replace(/[\n\r]/g, characterReference);
  return ` "${escaped}"`;
}
