import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { PublishingStore } from './publishing';
import {
  AUDIT_COLUMNS,
  AUDIT_INSERT_COLUMNS,
  auditInsertValues,
  stateUpdateValues,
  type AuditRow,
  NOTIFICATION_COLUMNS,
  type NotificationRow,
  STATE_COLUMNS,
  type StateRow,
  toAudit,
  toNotification,
  toState,
  toUser,
  type UserRow,
} from './storeRows';
import { SQLITE_PUBLISHING_MIGRATION, SqlitePublishing } from './sqlitePublishing';
import type { AuditEntry, DeskNotification } from '../common/desk/workflow';
import {
  type DecisionTransaction,
  type DeskUser,
  type DocumentStore,
  type NewAuditEntry,
  type NewNotification,
  type PieceStateRow,
  type Role,
  checkUserName,
  draftState,
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
  // The newsroom's decisions (#14): each piece's state, the trail that can only grow, who is told, the check's rules.
  `CREATE TABLE piece_states (document TEXT PRIMARY KEY, status TEXT NOT NULL, assignee TEXT, editor TEXT,
     deadline TEXT, slot_section TEXT, slot_date TEXT, post_url TEXT, updated_by TEXT, updated_at TEXT);
   CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
     document TEXT NOT NULL, action TEXT NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL,
     reason TEXT NOT NULL, request_id TEXT NOT NULL UNIQUE);
   CREATE INDEX audit_by_document ON audit (document, id);
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TABLE notifications (id INTEGER PRIMARY KEY AUTOINCREMENT, recipient TEXT NOT NULL, kind TEXT NOT NULL,
     document TEXT NOT NULL, headline TEXT NOT NULL, actor TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL,
     read_at TEXT, dedupe_key TEXT UNIQUE);
   CREATE INDEX notifications_by_recipient ON notifications (recipient, id);
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);`,
  // The desk publishes shared pieces itself (deskOutbox.ts).
  SQLITE_PUBLISHING_MIGRATION,
];

export const SQLITE_FILE = 'desk.sqlite';

/** node-sqlite3's callbacks as promises, for one connection. */
class Connection {
  constructor(readonly db: sqlite3.Database) {}

  static open(file: string): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const handle = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(new Connection(handle))));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  /** Runs a statement: the rows it changed and the last inserted rowid. */
  run(sql: string, params: unknown[]): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      }),
    );
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all<T>(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}

async function migrate(conn: Connection): Promise<void> {
  const [row] = await conn.all<{ user_version: number }>('PRAGMA user_version');
  for (const [index, sql] of MIGRATIONS.entries()) {
    if (index + 1 <= (row?.user_version ?? 0)) continue;
    // Each migration and its version number commit together.
    await conn.exec(`BEGIN; ${sql} PRAGMA user_version = ${index + 1}; COMMIT;`).catch(async (err) => {
      await conn.exec('ROLLBACK').catch(() => undefined);
      throw err;
    });
  }
}

async function insertNotifications(conn: Connection, list: readonly NewNotification[]): Promise<number> {
  let added = 0;
  for (const n of list) {
    const { changes } = await conn.run(
      `INSERT INTO notifications (recipient, kind, document, headline, actor, text, at, dedupe_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING`,
      [n.recipient, n.kind, n.document, n.headline, n.actor, n.text, n.at, n.dedupeKey ?? null],
    );
    added += changes;
  }
  return added;
}

async function auditByRequest(conn: Connection, requestId: string): Promise<AuditEntry | null> {
  const [row] = await conn.all<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE request_id = ?`, [requestId]);
  return row ? toAudit(row) : null;
}

export class SqliteDocumentStore implements DocumentStore {
  /** Decisions run one at a time on their own connection, so no other write joins (or rolls back with) them. */
  private decisionQueue: Promise<unknown> = Promise.resolve();

  readonly publishing: PublishingStore = new SqlitePublishing({
    run: (sql, params) => this.run(sql, params),
    all: (sql, params) => this.all(sql, params),
  });

  private constructor(
    private readonly conn: Connection,
    private readonly decisions: Connection,
  ) {}

  static async open(dataDir: string): Promise<SqliteDocumentStore> {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, SQLITE_FILE);
    const conn = await Connection.open(file);
    let decisions: Connection | null = null;
    try {
      await conn.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;');
      await migrate(conn);
      decisions = await Connection.open(file);
      await decisions.exec('PRAGMA busy_timeout = 5000;');
    } catch (err) {
      await conn.close();
      await decisions?.close();
      throw err;
    }
    return new SqliteDocumentStore(conn, decisions);
  }

  private run(sql: string, params: unknown[]): Promise<number> {
    return this.conn.run(sql, params).then((r) => r.changes);
  }

  private all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.conn.all<T>(sql, params);
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

  async pieceState(document: string): Promise<PieceStateRow | null> {
    const [row] = await this.all<StateRow>(`SELECT ${STATE_COLUMNS} FROM piece_states WHERE document = ?`, [document]);
    return row ? toState(row) : null;
  }

  async listPieceStates(): Promise<PieceStateRow[]> {
    return (await this.all<StateRow>(`SELECT ${STATE_COLUMNS} FROM piece_states ORDER BY document`)).map(toState);
  }

  withPieceLocked<T>(
    document: string,
    decide: (tx: DecisionTransaction, state: PieceStateRow) => Promise<T>,
  ): Promise<T> {
    const next = this.decisionQueue.then(() => this.decideNow(document, decide));
    this.decisionQueue = next.catch(() => undefined);
    return next;
  }

  private async decideNow<T>(
    document: string,
    decide: (tx: DecisionTransaction, state: PieceStateRow) => Promise<T>,
  ): Promise<T> {
    const conn = this.decisions;
    // IMMEDIATE takes the write lock now: another process (the CLI) cannot slip a decision in between.
    await conn.exec('BEGIN IMMEDIATE');
    try {
      await conn.run(
        `INSERT INTO piece_states (document, status) VALUES (?, 'draft') ON CONFLICT(document) DO NOTHING`,
        [document],
      );
      const [row] = await conn.all<StateRow>(`SELECT ${STATE_COLUMNS} FROM piece_states WHERE document = ?`, [
        document,
      ]);
      const tx: DecisionTransaction = {
        auditByRequest: (requestId) => auditByRequest(conn, requestId),
        async lastAudit(doc, actions) {
          const filter = actions?.length ? ` AND action IN (${actions.map(() => '?').join(', ')})` : '';
          const [entry] = await conn.all<AuditRow>(
            `SELECT ${AUDIT_COLUMNS} FROM audit WHERE document = ?${filter} ORDER BY id DESC LIMIT 1`,
            [doc, ...(actions ?? [])],
          );
          return entry ? toAudit(entry) : null;
        },
        async saveState(state) {
          await conn.run(
            `UPDATE piece_states SET status = ?, assignee = ?, editor = ?, deadline = ?, slot_section = ?, slot_date = ?,
               post_url = ?, updated_by = ?, updated_at = ? WHERE document = ?`,
            stateUpdateValues(state),
          );
        },
        async appendAudit(entry: NewAuditEntry) {
          const { lastID } = await conn.run(
            `INSERT INTO audit (${AUDIT_INSERT_COLUMNS})
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            auditInsertValues(entry),
          );
          return { id: lastID, ...entry };
        },
        addNotifications: (list) => insertNotifications(conn, list),
      };
      const result = await decide(tx, row ? toState(row) : draftState(document));
      await conn.exec('COMMIT');
      return result;
    } catch (err) {
      await conn.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  auditByRequest(requestId: string): Promise<AuditEntry | null> {
    return auditByRequest(this.conn, requestId);
  }

  async listAudit(filter: { document?: string; since?: string } = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.document) {
      where.push('document = ?');
      params.push(filter.document);
    }
    if (filter.since) {
      // Every `at` is written by toISOString(), so instants compare as text.
      where.push('at >= ?');
      params.push(new Date(filter.since).toISOString());
    }
    const rows = await this.all<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
      params,
    );
    return rows.map(toAudit);
  }

  addNotifications(notifications: readonly NewNotification[]): Promise<number> {
    return insertNotifications(this.conn, notifications);
  }

  async listNotifications(recipient: string, limit: number): Promise<DeskNotification[]> {
    const rows = await this.all<NotificationRow>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE recipient = ? ORDER BY id DESC LIMIT ?`,
      [recipient, limit],
    );
    return rows.map(toNotification);
  }

  markNotificationsRead(recipient: string, ids: readonly number[] | 'all'): Promise<number> {
    if (ids !== 'all' && ids.length === 0) return Promise.resolve(0);
    const filter = ids === 'all' ? '' : ` AND id IN (${ids.map(() => '?').join(', ')})`;
    return this.run(`UPDATE notifications SET read_at = ? WHERE recipient = ? AND read_at IS NULL${filter}`, [
      new Date().toISOString(),
      recipient,
      ...(ids === 'all' ? [] : ids),
    ]);
  }

  async loadCheckSettings(): Promise<unknown> {
    const [row] = await this.all<{ value: string }>(`SELECT value FROM settings WHERE key = 'check'`);
    return row ? (JSON.parse(row.value) as unknown) : null;
  }

  async storeCheckSettings(value: unknown): Promise<void> {
    await this.run(
      `INSERT INTO settings (key, value, updated_at) VALUES ('check', ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [JSON.stringify(value), new Date().toISOString()],
    );
  }

  async close(): Promise<void> {
    await this.decisionQueue;
    await this.decisions.close();
    await this.conn.close();
  }
}
