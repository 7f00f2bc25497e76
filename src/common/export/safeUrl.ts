/**
 * Which link targets an export may carry: web pages, mail addresses and
 * relative paths. Anything with another scheme (javascript:, data:, file:,
 * vbscript:, app-specific schemes) is dropped, keeping the link's text, so
 * that neither a CMS nor a static site ever receives an executable link.
 */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_EDGE_SPACE = /[\u0000-\u001f\u007f]|^\s|\s$/;

export function isSafeHref(url: string): boolean {
  if (CONTROL_OR_EDGE_SPACE.test(url)) return false;
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}
