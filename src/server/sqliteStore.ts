import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { PublishingStore } from './publishing';
import { SQLITE_PUBLISHING_MIGRATION, SqlitePublishing } from './sqlitePublishing';
import {
  type DeskUser,
  type DocumentStore,
  type Role,
  checkUserName,
  hashToken,
  newToken,
  UserExistsError,
} from './store';

/**
 * The embedded default: one SQLite file in the server's data folder, so a
 * trial or a small newsroom needs nothing else installed. One process only:
 * several instances need PostgreSQL.
 */

/** Numbered migrations: entry i brings the schema to version i + 1. Append only. */
const MIGRATIONS = [
  `CREATE TABLE documents (name TEXT PRIMARY KEY, state BLOB NOT NULL, updated_at TEXT NOT NULL);
   CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL, revoked_at TEXT);`,
  // Images travel once, addressed by their SHA-256.
  `CREATE TABLE images (id TEXT PRIMARY KEY, bytes BLOB NOT NULL, size INTEGER NOT NULL, stored_at TEXT NOT NULL);`,
  // The desk publishes shared pieces itself (deskOutbox.ts).
  SQLITE_PUBLISHING_MIGRATION,
];

export const SQLITE_FILE = 'desk.sqlite';

interface UserRow {
  name: string;
  role: Role;
  created_at: string;
  revoked_at: string | null;
}

function toUser(row: UserRow): DeskUser {
  return { name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at };
}

export class SqliteDocumentStore implements DocumentStore {
  readonly publishing: PublishingStore = new SqlitePublishing({
    run: (sql, params) => this.run(sql, params),
    all: (sql, params) => this.all(sql, params),
  });

  private constructor(private readonly db: sqlite3.Database) {}

  static async open(dataDir: string): Promise<SqliteDocumentStore> {
    mkdirSync(dataDir, { recursive: true });
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(join(dataDir, SQLITE_FILE), (err) => (err ? reject(err) : resolve(handle)));
    });
    const store = new SqliteDocumentStore(db);
    try {
      await store.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  private run(sql: string, params: unknown[]): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve(this.changes);
      }),
    );
  }

  private all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all<T>(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))),
    );
  }

  private async migrate(): Promise<void> {
    const [row] = await this.all<{ user_version: number }>('PRAGMA user_version');
    for (const [index, sql] of MIGRATIONS.entries()) {
      if (index + 1 <= (row?.user_version ?? 0)) continue;
      // Each migration and its version number commit together.
      await this.exec(`BEGIN; ${sql} PRAGMA user_version = ${index + 1}; COMMIT;`).catch(async (err) => {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      });
    }
  }

  async loadDocument(name: string): Promise<Uint8Array | null> {
    const [row] = await this.all<{ state: Buffer }>('SELECT state FROM documents WHERE name = ?', [name]);
    return row ? new Uint8Array(row.state) : null;
  }

  async storeDocument(name: string, state: Uint8Array): Promise<void> {
    await this.run(
      `INSERT INTO documents (name, state, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [name, Buffer.from(state), new Date().toISOString()],
    );
  }

  async addUser(name: string, role: Role): Promise<string> {
    checkUserName(name);
    const token = newToken();
    // A revoked name may be given to someone again, with a new token.
    const changes = await this.run(
      `INSERT INTO users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash,
         created_at = excluded.created_at, revoked_at = NULL
       WHERE users.revoked_at IS NOT NULL`,
      [name, role, hashToken(token), new Date().toISOString()],
    );
    if (changes === 0) throw new UserExistsError(name);
    return token;
  }

  async listUsers(): Promise<DeskUser[]> {
    return (await this.all<UserRow>('SELECT name, role, created_at, revoked_at FROM users ORDER BY name')).map(toUser);
  }

  async revokeUser(name: string): Promise<boolean> {
    const changes = await this.run('UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL', [
      new Date().toISOString(),
      name,
    ]);
    return changes > 0;
  }

  async findUserByToken(token: string): Promise<DeskUser | null> {
    const [row] = await this.all<UserRow>(
      'SELECT name, role, created_at, revoked_at FROM users WHERE token_hash = ? AND revoked_at IS NULL',
      [hashToken(token)],
    );
    return row ? toUser(row) : null;
  }

  async storeImage(id: string, bytes: Uint8Array): Promise<boolean> {
    const changes = await this.run(
      'INSERT INTO images (id, bytes, size, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING',
      [id, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength, new Date().toISOString()],
    );
    return changes > 0;
  }

  async loadImage(id: string): Promise<Uint8Array | null> {
    const [row] = await this.all<{ bytes: Buffer }>('SELECT bytes FROM images WHERE id = ?', [id]);
    return row ? new Uint8Array(row.bytes) : null;
  }

  async imageSize(id: string): Promise<number | null> {
    const [row] = await this.all<{ size: number }>('SELECT size FROM images WHERE id = ?', [id]);
    return row ? row.size : null;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}
