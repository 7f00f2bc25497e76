import { fromBase64, toBase64 } from 'lib0/buffer';
import { z } from 'zod';

/**
 * The live binding of an open shared piece (docs/ARCHITECTURE.md, "The
 * window's live binding"): the window's Y.Doc and main's document for the
 * piece exchange Yjs updates and awareness over the API contract. Bytes
 * travel as base64, which every transport (Electron's IPC, the browser
 * harness's bindings, JSON) carries alike.
 */

/** A Yjs update or state vector as it crosses the contract. */
export const YjsBytes = z.base64({ error: 'That is not a Yjs update (base64 expected).' }).max(200_000_000);

export const encodeBytes = (bytes: Uint8Array): string => toBase64(bytes);
export const decodeBytes = (text: string): Uint8Array => fromBase64(text);

/** One awareness state of someone else in the piece (what Lexical draws their caret from), by their Yjs client id. */
export interface LivePeer {
  clientId: number;
  state: Record<string, unknown>;
}

/** What main answers the window opening a shared piece live. */
export interface LiveOpening {
  document: string;
  /** The document's changes the window lacks (all of it when the window's doc is empty). */
  update: string;
  /** Main's state vector: the window sends what main lacks. */
  stateVector: string;
  /** Who this person is on the desk, and their colour there. */
  name: string;
  color: string;
  peers: LivePeer[];
}

/** The window's awareness state (its caret, name, colour, focus); null when it leaves. */
export const LiveAwarenessState = z.record(z.string(), z.unknown()).nullable();
