import type { LivePeer } from '../../common/desk/live';
import type { Present } from '../../common/desk/status';
import type { DeskDocument } from './deskDocument';

/**
 * Presence: who has a shared piece open. Each app puts its person's name on
 * the awareness of the piece its window shows (Yjs awareness, carried by
 * Hocuspocus beside the document and never stored); the others read it.
 */

/** Our field in an awareness state, so other tools' fields never mix with it. */
const FIELD = 'copydesk';

const COLORS = ['#b3261e', '#1d5fa8', '#2e7d32', '#8e24aa', '#c25e00', '#00796b', '#5d4037', '#ad1457'];

export function colorOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return COLORS[hash % COLORS.length]!;
}

export function showPresence(document: DeskDocument, name: string): void {
  document.awareness?.setLocalStateField(FIELD, { name, color: colorOf(name) } satisfies Present);
}

export function hidePresence(document: DeskDocument): void {
  document.awareness?.setLocalStateField(FIELD, null);
}

/** The others who have this document open, each name once, in order. */
export function othersPresent(document: DeskDocument): Present[] {
  const awareness = document.awareness;
  if (!awareness) return [];
  const names = new Set<string>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const present = (state as Record<string, unknown>)[FIELD] as Partial<Present> | null | undefined;
    if (typeof present?.name === 'string') names.add(present.name);
  }
  return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, color: colorOf(name) }));
}

/**
 * The live window's awareness (its caret, name, colour, focus: what Lexical
 * draws others' carets from) joins our presence on this document's
 * awareness, which the desk's connection carries; null takes it off.
 */
export function showCursor(document: DeskDocument, state: Record<string, unknown> | null): void {
  const awareness = document.awareness;
  if (!awareness) return;
  const presence: unknown = awareness.getLocalState()?.[FIELD] ?? null;
  awareness.setLocalState({ ...(state ?? {}), [FIELD]: presence });
}

/** The others' awareness states that carry a caret's name, by client: what the live window draws. */
export function peersOf(document: DeskDocument): LivePeer[] {
  const awareness = document.awareness;
  if (!awareness) return [];
  const peers: LivePeer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId !== awareness.clientID && typeof (state as { name?: unknown }).name === 'string')
      peers.push({ clientId, state });
  }
  return peers;
}
