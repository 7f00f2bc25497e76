/**
 * What survives a paste. Links keep only web and mail addresses, without
 * the tracking parameters that newsletters and social sites add.
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
const DROP = 'script,style,iframe,frame,object,embed,link,meta,noscript,template,svg,math,form,input,button,select,textarea,img,picture,video,audio,canvas,head,title,base';

/** The only inline style Lexical reads on paste: how text is marked, nothing about how it looks. */
const KEPT_STYLE = /^(font-weight|font-style|text-decoration|text-decoration-line|vertical-align)$/i;

/**
 * Cleans a pasted HTML document in place, before the editor reads it: no
 * element that could run or load anything, no attribute but a cleaned link
 * address and the few style declarations that say bold, italic, underline
 * or struck through.
 */
export function sanitizePastedDocument(doc: Document): void {
  doc.querySelectorAll(DROP).forEach((element) => element.remove());
  doc.body.querySelectorAll('*').forEach((element) => {
    const href = element.tagName === 'A' ? cleanPastedUrl(element.getAttribute('href') ?? '') : null;
    const style = (element as HTMLElement).style;
    const kept: string[] = [];
    for (let i = 0; i < style.length; i++) {
      const property = style.item(i);
      if (KEPT_STYLE.test(property)) kept.push(`${property}: ${style.getPropertyValue(property)}`);
    }
    const googleDocsWrapper = element.id.startsWith('docs-internal-guid') ? element.id : null;
    for (const name of element.getAttributeNames()) element.removeAttribute(name);
    if (href) element.setAttribute('href', href);
    if (kept.length) element.setAttribute('style', kept.join('; '));
    if (googleDocsWrapper) element.id = googleDocsWrapper;
  });
}
