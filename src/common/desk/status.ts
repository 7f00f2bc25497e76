import type { CheckProblem } from '../check';
import type { DraftStatus } from '../domain';
import type { DeskIndexEntry } from './protocol';
import type { DeskAction, DeskNotification, DeskPieceState, DeskRefusalCode } from './workflow';

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

/** A decision this computer asked the desk for: done at once, waiting for the connection, or refused with the reason. */
export type DeskRequestOutcome =
  | { state: 'done'; piece: DeskPieceState }
  | { state: 'waiting'; requestId: string }
  | { state: 'refused'; requestId: string; code: DeskRefusalCode; message: string; problems: CheckProblem[] };

/** A request kept on this computer until the desk answers; a refused one stays until the person dismisses it. */
export interface QueuedDeskRequest {
  id: string;
  draftId: string;
  headline: string;
  action: DeskAction;
  createdAt: string;
  state: 'waiting' | 'refused';
  /** The server's reason, for a refused request. */
  message: string;
}

/** A piece on the team's board: its state on the desk, and the local draft holding it (null when not taken here). */
export type BoardPiece = DeskPieceState & { draftId: string | null };

/** The team's pieces for the Desk board: the server's word when online, the last one heard when offline. */
export interface DeskBoard {
  user: string;
  role: string;
  online: boolean;
  /** When these states were last heard from the server (ISO 8601), null when never. */
  heardAt: string | null;
  pieces: BoardPiece[];
  requests: QueuedDeskRequest[];
}

/** Each column of the board: how many pieces it holds after the filters, and the first of them, in order. */
export type BoardColumns = Record<DraftStatus, { total: number; pieces: BoardPiece[] }>;

/**
 * The board as the window draws it, from what this computer keeps (the desk
 * is heard behind it): the columns asked for rather than every piece.
 */
export interface DeskBoardView {
  user: string;
  role: string;
  /** The connection is up and the desk answered its last hearing (or none has finished yet). */
  online: boolean;
  /** When the board was last heard from the server (ISO 8601), null when never: then there is nothing kept to draw. */
  heardAt: string | null;
  columns: BoardColumns;
  /** Every piece held on this computer, whatever the filters: the open piece's workflow and the notifications look here. */
  held: BoardPiece[];
  /** Every writer and editor the board names, and the person: the names an assignment offers. */
  people: string[];
  requests: QueuedDeskRequest[];
}

export interface DeskNotifications {
  unread: number;
  items: DeskNotification[];
}
