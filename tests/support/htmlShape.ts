import { parseDocument } from 'htmlparser2';

/**
 * The structure of rendered HTML, with everything a reader cannot see
 * normalised away, so that two renderers' output can be compared: runs of
 * whitespace become one space and vanish at block edges and around <br>;
 * nesting order of marks does not matter (inline content becomes runs of
 * text with a set of marks); synonyms (b/strong, i/em, s/del/strike) are one
 * mark; footnote markup keeps only numbers and the definitions' content.
 * A figure is either our <figure> or the default Markdown figure paragraph
 * (image, line break, emphasised caption, "— credit"), both as one shape.
 */

interface Dom {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: Dom[];
  data?: string;
}

export type Run =
  | { text: string; marks: string }
  | { br: true }
  | { fnref: number }
  | { link: string; title: string; runs: Run[] }
  | { img: string; alt: string }
  | { element: string };

export type Shape =
  | { block: string; runs: Run[] }
  | { block: 'blockquote'; children: Shape[] }
  | { block: 'ul' | 'ol'; start: number; items: Array<Array<Run | Shape>> }
  | { block: 'figure'; src: string; alt: string; caption: string; credit: string }
  | { block: 'footnotes'; items: Run[][] }
  | { block: 'hr' }
  | { block: 'stray'; what: string };

const MARK: Record<string, string> = {
  strong: 'b',
  b: 'b',
  em: 'i',
  i: 'i',
  s: 's',
  del: 's',
  strike: 's',
  u: 'u',
  code: 'c',
};

const collapse = (s: string) => s.replace(/[ \t\n\r\f]+/g, ' ');
const isTag = (n: Dom, ...names: string[]) => n.type === 'tag' && names.includes(n.name!);
const hasClass = (n: Dom, c: string) => (n.attribs?.class ?? '').split(/\s+/).includes(c);
const textOf = (n: Dom): string => (n.type === 'text' ? (n.data ?? '') : (n.children ?? []).map(textOf).join(''));

export function htmlShape(html: string, normalizeHref: (href: string) => string): Shape[] {
  const dom = parseDocument(html, { decodeEntities: true }) as unknown as Dom;
  return blocks(dom.children ?? [], normalizeHref);
}

function blocks(nodes: Dom[], href: (s: string) => string): Shape[] {
  const out: Shape[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      if (collapse(node.data ?? '').trim()) out.push({ block: 'stray', what: node.data! });
      continue;
    }
    if (node.type !== 'tag') continue;
    const name = node.name!;
    if (name === 'p') {
      const figure = markdownFigure(node, href);
      out.push(figure ?? { block: 'p', runs: runs(node.children ?? [], href) });
    } else if (/^h[1-6]$/.test(name)) out.push({ block: name, runs: runs(node.children ?? [], href) });
    else if (name === 'blockquote') out.push({ block: 'blockquote', children: blocks(node.children ?? [], href) });
    else if (name === 'ul' || name === 'ol') out.push(list(node, href));
    else if (name === 'figure') out.push(ourFigure(node, href));
    else if (name === 'hr') {
      if (!hasClass(node, 'footnotes-sep')) out.push({ block: 'hr' });
    } else if (name === 'section' && hasClass(node, 'footnotes')) {
      const items: Run[][] = [];
      const walk = (n: Dom) =>
        isTag(n, 'li') ? items.push(runs(withoutBackrefs(n.children ?? []), href)) : (n.children ?? []).forEach(walk);
      walk(node);
      out.push({ block: 'footnotes', items });
    } else out.push({ block: 'stray', what: name });
  }
  return out;
}

function withoutBackrefs(nodes: Dom[]): Dom[] {
  return nodes
    .filter((n) => !(isTag(n, 'a') && hasClass(n, 'footnote-backref')))
    .map((n) => (isTag(n, 'p') ? { ...n, name: 'span', children: withoutBackrefs(n.children ?? []) } : n));
}

function list(node: Dom, href: (s: string) => string): Shape {
  const items: Array<Array<Run | Shape>> = [];
  for (const li of (node.children ?? []).filter((c) => isTag(c, 'li'))) {
    const content: Array<Run | Shape> = [];
    let inline: Dom[] = [];
    const flush = () => {
      content.push(...runs(inline, href));
      inline = [];
    };
    for (const child of li.children ?? []) {
      if (isTag(child, 'ul', 'ol')) {
        flush();
        content.push(list(child, href));
      } else if (isTag(child, 'p')) {
        flush();
        content.push({ block: 'p-in-li', runs: runs(child.children ?? [], href) });
      } else inline.push(child);
    }
    flush();
    items.push(content);
  }
  return { block: node.name as 'ul' | 'ol', start: Number(node.attribs?.start ?? 1), items };
}

function ourFigure(node: Dom, href: (s: string) => string): Shape {
  const img = (node.children ?? []).find((c) => isTag(c, 'img'));
  const figcaption = (node.children ?? []).find((c) => isTag(c, 'figcaption'));
  const credit = (figcaption?.children ?? []).find((c) => isTag(c, 'small') && hasClass(c, 'credit'));
  const caption = (figcaption?.children ?? [])
    .filter((c) => c !== credit)
    .map(textOf)
    .join('');
  return {
    block: 'figure',
    src: href(img?.attribs?.src ?? ''),
    alt: img?.attribs?.alt ?? '',
    caption: collapse(caption).trim(),
    credit: collapse(credit ? textOf(credit) : '').trim(),
  };
}

/** The default Markdown figure as a CommonMark renderer draws it: <p><img><br><em>caption</em> — credit</p>. */
function markdownFigure(p: Dom, href: (s: string) => string): Shape | null {
  const children = (p.children ?? []).filter((c) => !(c.type === 'text' && collapse(c.data ?? '').trim() === ''));
  const img = children[0];
  if (!img || !isTag(img, 'img')) return null;
  if (children.length > 1 && !isTag(children[1]!, 'br')) return null;
  const rest = (p.children ?? []).slice((p.children ?? []).indexOf(children[1] ?? img) + 1);
  let caption = '';
  let i = 0;
  while (i < rest.length && rest[i]!.type === 'text' && collapse(rest[i]!.data ?? '').trim() === '') i++;
  if (rest[i] && isTag(rest[i]!, 'em')) {
    caption = textOf(rest[i]!);
    i++;
  }
  const tail = collapse(rest.slice(i).map(textOf).join('')).trim();
  const credit = tail.startsWith('—') ? tail.slice(1).trim() : tail;
  if (tail && !tail.startsWith('—')) return { block: 'stray', what: `figure tail ${tail}` };
  return {
    block: 'figure',
    src: href(img.attribs?.src ?? ''),
    alt: img.attribs?.alt ?? '',
    caption: collapse(caption).trim(),
    credit,
  };
}

function runs(nodes: Dom[], href: (s: string) => string): Run[] {
  const out: Run[] = [];
  collect(nodes, new Set(), out, href);
  return tidy(out);
}

function collect(nodes: Dom[], marks: Set<string>, out: Run[], href: (s: string) => string): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push({ text: collapse(node.data ?? ''), marks: [...marks].sort().join('') });
      continue;
    }
    if (node.type !== 'tag') continue;
    const name = node.name!;
    if (name === 'br') out.push({ br: true });
    else if (name === 'sup' && hasClass(node, 'footnote-ref'))
      out.push({ fnref: Number(/\d+/.exec(textOf(node))?.[0] ?? NaN) });
    else if (name === 'a') {
      const inner: Run[] = [];
      collect(node.children ?? [], new Set(), inner, href);
      // Marks around a link apply to its text: fold them in so nesting order does not matter.
      const folded = inner.map((r) =>
        'text' in r ? { ...r, marks: [...new Set([...r.marks, ...marks])].sort().join('') } : r,
      );
      out.push({ link: href(node.attribs?.href ?? ''), title: node.attribs?.title ?? '', runs: tidy(folded) });
    } else if (name === 'img') out.push({ img: href(node.attribs?.src ?? ''), alt: node.attribs?.alt ?? '' });
    else if (MARK[name]) collect(node.children ?? [], new Set([...marks, MARK[name]]), out, href);
    else if (name === 'cite' || name === 'span') collect(node.children ?? [], marks, out, href);
    else out.push({ element: name });
  }
}

/** Merges neighbouring runs with the same marks and drops whitespace that renders as nothing. */
function tidy(input: Run[]): Run[] {
  const out: Run[] = [];
  for (const run of input) {
    const last = out[out.length - 1];
    if ('text' in run && last && 'text' in last) {
      if (last.marks === run.marks) {
        last.text = collapse(last.text + run.text);
        continue;
      }
      // A space shared by two runs collapses to one; keep it on the first.
      if (last.text.endsWith(' ') && run.text.startsWith(' ')) run.text = run.text.slice(1);
    }
    out.push('text' in run ? { ...run } : run);
  }
  const edgeTrim = (i: number, side: 'start' | 'end') => {
    const run = out[i];
    if (run && 'text' in run) run.text = side === 'start' ? run.text.replace(/^ +/, '') : run.text.replace(/ +$/, '');
  };
  edgeTrim(0, 'start');
  edgeTrim(out.length - 1, 'end');
  out.forEach((run, i) => {
    if ('br' in run) {
      edgeTrim(i - 1, 'end');
      edgeTrim(i + 1, 'start');
    }
  });
  // Whitespace-only runs with marks look the same as unmarked whitespace.
  const cleaned = out
    .filter((r) => !('text' in r) || r.text.length > 0)
    .map((r) => ('text' in r && r.text === ' ' ? { text: ' ', marks: '' } : r));
  const merged: Run[] = [];
  for (const run of cleaned) {
    const last = merged[merged.length - 1];
    if ('text' in run && last && 'text' in last && last.marks === run.marks) last.text = collapse(last.text + run.text);
    else merged.push(run);
  }
  return merged;
}
