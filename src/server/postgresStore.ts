import pg from 'pg';
import { POSTGRES_PUBLISHING_MIGRATION, PostgresPublishing } from './postgresPublishing';
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
 * PostgreSQL, for a newsroom that outgrows one server process: several
 * instances share it (and Redis, for live updates between them).
 */

/** Numbered migrations: entry i brings the schema to version i + 1. Append only. */
const MIGRATIONS = [
  `CREATE TABLE desk_documents (name TEXT PRIMARY KEY, state BYTEA NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now());
   CREATE TABLE desk_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
     created_at TIMESTAMPTZ NOT NULL DEFAULT now(), revoked_at TIMESTAMPTZ);`,
  // Images travel once, addressed by their SHA-256.
  `CREATE TABLE desk_images (id TEXT PRIMARY KEY, bytes BYTEA NOT NULL, size INTEGER NOT NULL, stored_at TIMESTAMPTZ NOT NULL DEFAULT now());`,
  // The newsroom's decisions (#14): each piece's state, the trail that can only grow, who is told, the check's rules.
  `CREATE TABLE desk_piece_states (document TEXT PRIMARY KEY, status TEXT NOT NULL, assignee TEXT, editor TEXT,
     deadline TEXT, slot_section TEXT, slot_date TEXT, post_url TEXT, updated_by TEXT, updated_at TIMESTAMPTZ);
   CREATE TABLE desk_audit (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
     document TEXT NOT NULL, action TEXT NOT NULL, from_status TEXT NOT NULL, to_status TEXT NOT NULL,
     reason TEXT NOT NULL, request_id TEXT NOT NULL UNIQUE);
   CREATE INDEX desk_audit_by_document ON desk_audit (document, id);
   CREATE FUNCTION desk_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
   CREATE TRIGGER desk_audit_no_change BEFORE UPDATE OR DELETE ON desk_audit
     FOR EACH ROW EXECUTE FUNCTION desk_audit_append_only();
   CREATE TRIGGER desk_audit_no_truncate BEFORE TRUNCATE ON desk_audit
     FOR EACH STATEMENT EXECUTE FUNCTION desk_audit_append_only();
   CREATE TABLE desk_notifications (id BIGSERIAL PRIMARY KEY, recipient TEXT NOT NULL, kind TEXT NOT NULL,
     document TEXT NOT NULL, headline TEXT NOT NULL, actor TEXT NOT NULL, text TEXT NOT NULL, at TIMESTAMPTZ NOT NULL,
     read_at TIMESTAMPTZ, dedupe_key TEXT UNIQUE);
   CREATE INDEX desk_notifications_by_recipient ON desk_notifications (recipient, id);
   CREATE TABLE desk_settings (key TEXT PRIMARY KEY, value JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now());`,
  // The desk publishes shared pieces itself (deskOutbox.ts).
  POSTGRES_PUBLISHING_MIGRATION,
];

/** Any number, as long as every Copydesk server agrees: it serialises their migrations. */
const MIGRATION_LOCK = 0x636f7079;

/** A pool or one checked-out client: both answer query(). */
type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

async function insertNotifications(db: Queryable, list: readonly NewNotification[]): Promise<number> {
  let added = 0;
  for (const n of list) {
    const { rowCount } = await db.query(
      `INSERT INTO desk_notifications (recipient, kind, document, headline, actor, text, at, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING`,
      [n.recipient, n.kind, n.document, n.headline, n.actor, n.text, n.at, n.dedupeKey ?? null],
    );
    added += rowCount ?? 0;
  }
  return added;
}

async function auditByRequest(db: Queryable, requestId: string): Promise<AuditEntry | null> {
  const { rows } = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM desk_audit WHERE request_id = $1`, [
    requestId,
  ]);
  return rows[0] ? toAudit(rows[0]) : null;
}

export class PostgresDocumentStore implements DocumentStore {
  readonly publishing: PublishingStore;

  private constructor(private readonly pool: pg.Pool) {
    this.publishing = new PostgresPublishing(pool);
  }

  static async open(url: string): Promise<PostgresDocumentStore> {
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    // An idle connection's error (the database restarting) must not crash the server.
    pool.on('error', () => undefined);
    const store = new PostgresDocumentStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Two instances starting at once must not both run migration 1.
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS desk_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM desk_schema');
      for (const [index, sql] of MIGRATIONS.entries()) {
        const v = index + 1;
        if (v <= (rows[0]?.version ?? 0)) continue;
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO desk_schema (version) VALUES ($1)', [v]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  async loadDocument(name: string): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ state: Buffer }>('SELECT state FROM desk_documents WHERE name = $1', [
      name,
    ]);
    return rows[0] ? new Uint8Array(rows[0].state) : null;
  }

  async storeDocument(name: string, state: Uint8Array): Promise<void> {
    await this.pool.query(
      `INSERT INTO desk_documents (name, state, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [name, Buffer.from(state)],
    );
  }

  async addUser(name: string, role: Role): Promise<string> {
    checkUserName(name);
    const token = newToken();
    // A revoked name may be given to someone again, with a new token.
    const { rowCount } = await this.pool.query(
      `INSERT INTO desk_users (name, role, token_hash) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET role = excluded.role, token_hash = excluded.token_hash,
         created_at = now(), revoked_at = NULL
       WHERE desk_users.revoked_at IS NOT NULL`,
      [name, role, hashToken(token)],
    );
    if (rowCount === 0) throw new UserExistsError(name);
    return token;
  }

  async listUsers(): Promise<DeskUser[]> {
    const { rows } = await this.pool.query<UserRow>(
      'SELECT name, role, created_at, revoked_at FROM desk_users ORDER BY name',
    );
    return rows.map(toUser);
  }

  async revokeUser(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE desk_users SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL',
      [name],
    );
    return (rowCount ?? 0) > 0;
  }

  async findUserByToken(token: string): Promise<DeskUser | null> {
    const { rows } = await this.pool.query<UserRow>(
      'SELECT name, role, created_at, revoked_at FROM desk_users WHERE token_hash = $1 AND revoked_at IS NULL',
      [hashToken(token)],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async storeImage(id: string, bytes: Uint8Array): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO desk_images (id, bytes, size) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [id, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength],
    );
    return (rowCount ?? 0) > 0;
  }

  async loadImage(id: string): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM desk_images WHERE id = $1', [id]);
    return rows[0] ? new Uint8Array(rows[0].bytes) : null;
  }

  async imageSize(id: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ size: number }>('SELECT size FROM desk_images WHERE id = $1', [id]);
    return rows[0] ? rows[0].size : null;
  }

  async pieceState(document: string): Promise<PieceStateRow | null> {
    const { rows } = await this.pool.query<StateRow>(
      `SELECT ${STATE_COLUMNS} FROM desk_piece_states WHERE document = $1`,
      [document],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  async listPieceStates(): Promise<PieceStateRow[]> {
    const { rows } = await this.pool.query<StateRow>(
      `SELECT ${STATE_COLUMNS} FROM desk_piece_states ORDER BY document`,
    );
    return rows.map(toState);
  }

  async withPieceLocked<T>(
    document: string,
    decide: (tx: DecisionTransaction, state: PieceStateRow) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The row must exist to be locked; a concurrent insert of the same piece waits for this one.
      await client.query(
        `INSERT INTO desk_piece_states (document, status) VALUES ($1, 'draft') ON CONFLICT (document) DO NOTHING`,
        [document],
      );
      // FOR UPDATE: a second decision about this piece, from any instance, waits here until this one commits.
      const { rows } = await client.query<StateRow>(
        `SELECT ${STATE_COLUMNS} FROM desk_piece_states WHERE document = $1 FOR UPDATE`,
        [document],
      );
      const tx: DecisionTransaction = {
        auditByRequest: (requestId) => auditByRequest(client, requestId),
        async lastAudit(doc, actions) {
          const { rows: found } = await client.query<AuditRow>(
            `SELECT ${AUDIT_COLUMNS} FROM desk_audit WHERE document = $1
               AND ($2::text[] IS NULL OR action = ANY($2::text[])) ORDER BY id DESC LIMIT 1`,
            [doc, actions?.length ? actions : null],
          );
          return found[0] ? toAudit(found[0]) : null;
        },
        async saveState(state) {
          await client.query(
            `UPDATE desk_piece_states SET status = $1, assignee = $2, editor = $3, deadline = $4, slot_section = $5,
               slot_date = $6, post_url = $7, updated_by = $8, updated_at = $9 WHERE document = $10`,
            stateUpdateValues(state),
          );
        },
        async appendAudit(entry: NewAuditEntry) {
          const { rows: inserted } = await client.query<{ id: string }>(
            `INSERT INTO desk_audit (${AUDIT_INSERT_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            auditInsertValues(entry),
          );
          return { id: Number(inserted[0]!.id), ...entry };
        },
        addNotifications: (list) => insertNotifications(client, list),
      };
      const result = await decide(tx, rows[0] ? toState(rows[0]) : draftState(document));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  auditByRequest(requestId: string): Promise<AuditEntry | null> {
    return auditByRequest(this.pool, requestId);
  }

  async listAudit(filter: { document?: string; since?: string } = {}): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM desk_audit
       WHERE ($1::text IS NULL OR document = $1) AND ($2::timestamptz IS NULL OR at >= $2) ORDER BY id`,
      [filter.document || null, filter.since ? new Date(filter.since).toISOString() : null],
    );
    return rows.map(toAudit);
  }

  addNotifications(notifications: readonly NewNotification[]): Promise<number> {
    return insertNotifications(this.pool, notifications);
  }

  async listNotifications(recipient: string, limit: number): Promise<DeskNotification[]> {
    const { rows } = await this.pool.query<NotificationRow>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM desk_notifications WHERE recipient = $1 ORDER BY id DESC LIMIT $2`,
      [recipient, limit],
    );
    return rows.map(toNotification);
  }

  async markNotificationsRead(recipient: string, ids: readonly number[] | 'all'): Promise<number> {
    if (ids !== 'all' && ids.length === 0) return 0;
    const { rowCount } = await this.pool.query(
      `UPDATE desk_notifications SET read_at = now() WHERE recipient = $1 AND read_at IS NULL
         AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))`,
      [recipient, ids === 'all' ? null : ids],
    );
    return rowCount ?? 0;
  }

  async loadCheckSettings(): Promise<unknown> {
    const { rows } = await this.pool.query<{ value: unknown }>(`SELECT value FROM desk_settings WHERE key = 'check'`);
    return rows[0] ? rows[0].value : null;
  }

  async storeCheckSettings(value: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO desk_settings (key, value, updated_at) VALUES ('check', $1, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [JSON.stringify(value)],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
