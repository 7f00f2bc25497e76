import { createHash, randomBytes } from 'node:crypto';
import type { PublishingStore } from './publishing';

/**
 * What the newsroom server keeps: each shared document's Yjs state by name,
 * the images the pieces use (by the SHA-256 of their bytes), and the people
 * allowed to connect. Two implementations pass the same
 * tests: SQLite (the embedded default) and PostgreSQL (several instances).
 */

export const ROLES = ['writer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

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
  /** What the desk keeps to publish shared pieces itself (targets, jobs, what was sent). */
  readonly publishing: PublishingStore;
  close(): Promise<void>;
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
