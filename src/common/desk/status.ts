import type { DeskIndexEntry } from './protocol';

/**
 * What the app's desk methods answer: where this computer stands with the
 * newsroom's desk, and what moved in an exchange.
 */

export interface DeskConnection {
  url: string;
  user: string;
  role: string;
  joinedAt: string;
  syncedAt: string | null;
}

/** Someone else who has a shared piece open now. */
export interface Present {
  name: string;
  /** The colour this person is shown in, the same on every machine. */
  color: string;
}

export interface DeskPieceStatus {
  draftId: string;
  document: string;
  headline: string;
  sharedAt: string;
  syncedAt: string | null;
  waiting: number;
  /** Colleagues' edits arrived since this person last had it open. */
  changedSinceSeen: boolean;
  /** Who else has it open now (known only while the app is online). */
  present: Present[];
}

export interface DeskStatus {
  connection: DeskConnection | null;
  tokenKept: boolean;
  pieces: DeskPieceStatus[];
  /** Pieces taken off the desk (by anyone) that stay here as local pieces. */
  keptLocal: Array<{ draftId: string; headline: string }>;
  /** Local changes the server has not acknowledged yet, with saves not yet carried into their documents. */
  waiting: number;
  /** The app's live connection: connected now, reconnecting, refused (with the server's reason), or not running (the command line, or not joined). */
  live: { state: 'online' | 'offline' | 'refused' | 'stopped'; reason?: string };
}

/** What moved for one piece while it was open. */
export interface PieceMoves {
  document: string;
  /** Null only for a desk piece whose document is still empty here. */
  draftId: string | null;
  /** Local saves carried into the document. */
  savesSent: number;
  /** Updates received from the desk. */
  updatesReceived: number;
  /** The piece came from the desk and is now a local draft. */
  created: boolean;
}

/** Image bytes moved in an exchange (their words travel inside the pieces). */
export interface ImageMoves {
  uploaded: number;
  downloaded: number;
  /** Images a piece uses that could not move this time (offline, or not uploaded by their writer yet); tried again on the next sync. */
  waiting: number;
}

export interface SyncReport {
  user: string;
  pieces: Array<PieceMoves & { headline: string }>;
  /** With what stopped an image (a refusal, a damaged download): the words synced regardless. */
  images: ImageMoves & { problems: string[] };
}

export interface DeskListing extends DeskIndexEntry {
  document: string;
  /** The local draft holding the piece, or null when this machine has not taken it. */
  draftId: string | null;
  /** Who else has it open now, among the pieces this app follows. */
  present: Present[];
}
