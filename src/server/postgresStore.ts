import pg from 'pg';
import { POSTGRES_PUBLISHING_MIGRATION, PostgresPublishing } from './postgresPublishing';
import type { PublishingStore } from './publishing';
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
  // The desk publishes shared pieces itself (deskOutbox.ts).
  POSTGRES_PUBLISHING_MIGRATION,
];

/** Any number, as long as every Copydesk server agrees: it serialises their migrations. */
const MIGRATION_LOCK = 0x636f7079;

interface UserRow {
  name: string;
  role: Role;
  created_at: Date;
  revoked_at: Date | null;
}

function toUser(row: UserRow): DeskUser {
  return {
    name: row.name,
    role: row.role,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
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

  close(): Promise<void> {
    return this.pool.end();
  }
}
