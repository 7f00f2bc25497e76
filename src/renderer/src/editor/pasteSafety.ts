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
