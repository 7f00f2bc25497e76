/**
 * What survives a paste. Links keep only web and mail addresses, without
 * the tracking parameters that newsletters and social sites add. Plain
 * decisions on plain values; pasteCleaner.ts applies them to the DOM.
 */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok|ref_src|cmpid)$/i;

export function cleanPastedUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol === 'mailto:') return parsed.href;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  for (const key of [...parsed.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(key)) parsed.searchParams.delete(key);
  }
  return parsed.href;
}

/** Above this, a paste is inserted in slices so the window keeps answering. */
export const LARGE_PASTE_CHARS = 256 * 1024;

/** Elements whose content is never text a writer meant to paste. */
export const DROPPED_ELEMENTS = [
  'script',
  'style',
  'iframe',
  'frame',
  'object',
  'embed',
  'link',
  'meta',
  'noscript',
  'template',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'head',
  'title',
  'base',
];
const DROPPED_NAMES = new Set(DROPPED_ELEMENTS);

/** Whether a pasted element goes, content and all. */
export function dropsElement(tagName: string): boolean {
  return DROPPED_NAMES.has(tagName.toLowerCase());
}

/** The only inline style Lexical reads on paste: how text is marked, nothing about how it looks. */
const KEPT_STYLE = /^(font-weight|font-style|text-decoration|text-decoration-line|vertical-align)$/i;

/** What of a pasted element the cleaner reads: its name, link address, id and inline style declarations. */
export interface PastedElement {
  tagName: string;
  href: string | null;
  id: string;
  style: ReadonlyArray<readonly [property: string, value: string]>;
}

/**
 * The attributes a pasted element keeps, in order: a link's address, cleaned;
 * the style declarations that say bold, italic, underline or struck through;
 * and Google Docs' wrapper id, by which Lexical knows its bold-less <b>.
 */
export function keptAttributes(element: PastedElement): Array<[name: string, value: string]> {
  const kept: Array<[string, string]> = [];
  const href = element.tagName.toUpperCase() === 'A' ? cleanPastedUrl(element.href ?? '') : null;
  if (href) kept.push(['href', href]);
  const style = element.style
    .filter(([property]) => KEPT_STYLE.test(property))
    .map(([property, value]) => `${property}: ${value}`);
  if (style.length) kept.push(['style', style.join('; ')]);
  if (element.id.startsWith('docs-internal-guid')) kept.push(['id', element.id]);
  return kept;
}
