import { createHash, randomBytes } from 'node:crypto';
import type { PublishingStore } from './publishing';
import type { DraftStatus } from '../common/domain';
import type { Assignment, AuditEntry, DeskNotification, DeskRole } from '../common/desk/workflow';

/**
 * What the newsroom server keeps: each shared document's Yjs state by name,
 * the images the pieces use (by the SHA-256 of their bytes), and the people
 * allowed to connect. Two implementations pass the same
 * tests: SQLite (the embedded default) and PostgreSQL (several instances).
 */

/** The roles are the newsroom's rules' (common/desk/workflow.ts): one list for the server and the app. */
export type Role = DeskRole;

export interface DeskUser {
  name: string;
  role: Role;
  createdAt: string;
  /** Set once the user is revoked; a revoked user's token is refused. */
  revokedAt: string | null;
}

export interface DocumentStore {
  /** The document's stored Yjs state, or null when it was never stored. */
  loadDocument(name: string): Promise<Uint8Array | null>;
  storeDocument(name: string, state: Uint8Array): Promise<void>;
  /** Adds a user and returns their token, shown once: only its hash is kept. */
  addUser(name: string, role: Role): Promise<string>;
  listUsers(): Promise<DeskUser[]>;
  /** Returns false when no active user has that name. */
  revokeUser(name: string): Promise<boolean>;
  /** The active (not revoked) user holding this token, or null. */
  findUserByToken(token: string): Promise<DeskUser | null>;
  /**
   * Keeps an image's bytes under their SHA-256 (hex), which the caller has
   * checked. Stored once: true when this call stored it, false when it was
   * already there (and is left as it was).
   */
  storeImage(id: string, bytes: Uint8Array): Promise<boolean>;
  /** The image's bytes, or null when the desk does not have it. */
  loadImage(id: string): Promise<Uint8Array | null>;
  /** The image's size in bytes, or null when the desk does not have it (answers HEAD without reading the bytes). */
  imageSize(id: string): Promise<number | null>;
  /** The piece's state as last decided, or null when nobody has decided anything about it (a draft). */
  pieceState(document: string): Promise<PieceStateRow | null>;
  listPieceStates(): Promise<PieceStateRow[]>;
  /**
   * Runs `decide` in one transaction holding the piece's state locked (a
   * draft's row is made first, so there is always a row to lock): two
   * decisions about one piece, from this process or another sharing the
   * database, run one after the other. A throw rolls everything back.
   */
  withPieceLocked<T>(
    document: string,
    decide: (tx: DecisionTransaction, state: PieceStateRow) => Promise<T>,
  ): Promise<T>;
  /** The audit entry recorded for this request id, or null. */
  auditByRequest(requestId: string): Promise<AuditEntry | null>;
  /** The log, oldest first; `since` is an ISO 8601 instant. */
  listAudit(filter?: { document?: string; since?: string }): Promise<AuditEntry[]>;
  /** Adds notifications; one whose dedupeKey is already held is skipped. Returns how many were added. */
  addNotifications(notifications: readonly NewNotification[]): Promise<number>;
  /** The person's notifications, newest first. */
  listNotifications(recipient: string, limit: number): Promise<DeskNotification[]>;
  /** Marks the person's notifications read (only theirs); returns how many changed. */
  markNotificationsRead(recipient: string, ids: readonly number[] | 'all'): Promise<number>;
  /** The newsroom's check settings as stored (checked by the caller), or null when never set. */
  loadCheckSettings(): Promise<unknown>;
  storeCheckSettings(value: unknown): Promise<void>;
  /** What the desk keeps to publish shared pieces itself (targets, jobs, what was sent). */
  readonly publishing: PublishingStore;
  close(): Promise<void>;
}

/** A piece's state as the store keeps it (the headline lives in the desk index). */
export interface PieceStateRow extends Assignment {
  document: string;
  status: DraftStatus;
  postUrl: string | null;
  updatedBy: string | null;
  /** ISO 8601. */
  updatedAt: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface NewNotification extends Omit<DeskNotification, 'id' | 'readAt'> {
  recipient: string;
  /** A notification with the same key is made once (a mention: once per note and person). */
  dedupeKey?: string | null;
}

/** What a decision may do inside its transaction. */
export interface DecisionTransaction {
  auditByRequest(requestId: string): Promise<AuditEntry | null>;
  /** The piece's latest audit entry for one of these actions, or null. */
  lastAudit(document: string, actions?: readonly string[]): Promise<AuditEntry | null>;
  saveState(state: PieceStateRow): Promise<void>;
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  addNotifications(notifications: readonly NewNotification[]): Promise<number>;
}

export function draftState(document: string): PieceStateRow {
  return {
    document,
    status: 'draft',
    assignee: null,
    editor: null,
    deadline: null,
    slotSection: null,
    slotDate: null,
    postUrl: null,
    updatedBy: null,
    updatedAt: null,
  };
}

/** A fresh token: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored and compared by their SHA-256, never in the clear. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class UserExistsError extends Error {
  constructor(name: string) {
    super(`A user named "${name}" already exists. Revoke them first, or pick another name.`);
  }
}

export function checkUserName(name: string): void {
  if (!/^[\p{L}\p{N}._@ -]{1,64}$/u.test(name) || name.trim() !== name) {
    throw new Error(
      `"${name}" is not a usable user name: use 1–64 letters, digits, spaces, dots, dashes, underscores or @, with no space at either end.`,
    );
  }
}
