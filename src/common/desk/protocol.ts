/**
 * What the desk's server and the app agree on besides Hocuspocus itself:
 * the names of documents, and the one message the server sends a client on
 * its own (who the token belongs to).
 */

/** The desk's index: one Y.Map of every shared piece, so a list needs no piece downloaded. */
export const DESK_INDEX_DOCUMENT = '__desk';
export const DESK_INDEX_MAP = 'pieces';
/**
 * Pieces taken off the desk, by document name: a map of its own, so a
 * concurrent save's index entry (a set in the pieces map) cannot undo a
 * removal. Sharing the piece again takes it out.
 */
export const DESK_REMOVED_MAP = 'removed';

/** A shared piece's document is named by the id the piece had where it was first shared. */
export function pieceDocumentName(draftId: string): string {
  return `piece-${draftId}`;
}

/** One row of the desk index, kept current by whoever shares or saves the piece. */
export interface DeskIndexEntry {
  headline: string;
  sharedBy: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** Sent once per document by the server after it accepted the token (a Hocuspocus stateless message). */
export interface DeskWelcome {
  type: 'desk-welcome';
  user: { name: string; role: string };
}

export function welcomeMessage(user: DeskWelcome['user']): string {
  return JSON.stringify({ type: 'desk-welcome', user } satisfies DeskWelcome);
}

/** The welcome in a stateless payload, or null when the payload is something else. */
export function readWelcome(payload: string): DeskWelcome['user'] | null {
  try {
    const parsed = JSON.parse(payload) as Partial<DeskWelcome>;
    if (parsed.type !== 'desk-welcome' || typeof parsed.user?.name !== 'string' || typeof parsed.user.role !== 'string')
      return null;
    return { name: parsed.user.name, role: parsed.user.role };
  } catch {
    return null;
  }
}

/** The desk's HTTP address for `path` (ws:// becomes http://, wss:// https://), beside a desk that lives under a path. */
export function deskHttpUrl(deskUrl: string, path: string, query: Record<string, string> = {}): string {
  const url = new URL(deskUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  else throw new Error(`A desk address starts with ws:// or wss:// (got ${url.protocol}//).`);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = new URLSearchParams(query).toString();
  url.hash = '';
  return url.toString();
}
