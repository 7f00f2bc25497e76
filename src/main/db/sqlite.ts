import sqlite3 from 'sqlite3';

/**
 * The one place that speaks node-sqlite3's callback API. Everything else
 * gets promises, and every write goes through `transaction`, which queues
 * writers so that two saves never interleave on the shared connection.
 */

export type SqlValue = string | number | bigint | null | Buffer | Uint8Array;
export type Params = readonly SqlValue[] | Record<string, SqlValue>;

export interface RunResult {
  changes: number;
  lastID: number;
}

export interface Queryable {
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  run(sql: string, params?: Params): Promise<RunResult>;
  exec(sql: string): Promise<void>;
  /**
   * `all` and `run` with the statement kept prepared for the next call: one
   * trip to SQLite's thread instead of two (prepare, then step), each of
   * which waits for the main thread in between. For the autosave's few statements.
   */
  allPrepared<T>(sql: string, params: Params): Promise<T[]>;
  runPrepared(sql: string, params: Params): Promise<RunResult>;
}

/** The connection as a transaction's work sees it: queries, plus work to do once it has committed. */
export interface Transaction extends Queryable {
  /** Runs `fn` right after COMMIT succeeds (never after a rollback), before the transaction's promise settles; `fn` must not throw. */
  afterCommit(fn: () => void): void;
}

export class SqliteError extends Error {
  readonly sqliteCode: string;
  constructor(message: string, sqliteCode: string) {
    super(message);
    this.name = 'SqliteError';
    this.sqliteCode = sqliteCode;
  }
}

function wrap(err: Error & { code?: string }): SqliteError {
  return new SqliteError(err.message, err.code ?? 'SQLITE_ERROR');
}

export interface OpenOptions {
  readonly?: boolean;
  /** Create the file when it does not exist (default true for read-write). */
  create?: boolean;
}

export class Database implements Transaction {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set while a transaction runs: what it asked to do once committed. */
  private commitHooks: Array<() => void> | null = null;
  private readonly prepared = new Map<string, sqlite3.Statement>();

  private constructor(
    private readonly db: sqlite3.Database,
    readonly path: string,
  ) {}

  static open(path: string, options: OpenOptions = {}): Promise<Database> {
    const mode = options.readonly
      ? sqlite3.OPEN_READONLY
      : sqlite3.OPEN_READWRITE | (options.create === false ? 0 : sqlite3.OPEN_CREATE);
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(path, mode | sqlite3.OPEN_FULLMUTEX, (err) => {
        if (err) reject(wrap(err));
        else resolve(new Database(db, path));
      });
    });
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(wrap(err)) : resolve(row)));
    });
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(wrap(err)) : resolve(rows)));
    });
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(wrap(err));
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  private statement(sql: string): sqlite3.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      // Calls on the statement wait for its preparation; one that fails is not kept.
      statement = this.db.prepare(sql, (err: Error | null) => {
        if (err) this.prepared.delete(sql);
      });
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  // `all` and `run` step each statement to its end, so a kept statement
  // never holds a read open (which would keep the next write from committing).
  allPrepared<T>(sql: string, params: Params): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.statement(sql).all(params, (err: Error | null, rows: T[]) => (err ? reject(wrap(err)) : resolve(rows)));
    });
  }

  runPrepared(sql: string, params: Params): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.statement(sql).run(params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(wrap(err));
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (err: Error | null) => (err ? reject(wrap(err)) : resolve()));
    });
  }

  /**
   * Runs `work` inside BEGIN IMMEDIATE … COMMIT, after every earlier
   * transaction has finished. A throw rolls everything back, so a user
   * action either happens whole or not at all.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.exec('BEGIN IMMEDIATE');
      const hooks: Array<() => void> = [];
      this.commitHooks = hooks;
      let result: T;
      try {
        result = await work(this);
        await this.exec('COMMIT');
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        this.commitHooks = null;
      }
      for (const hook of hooks) hook();
      return result;
    });
  }

  /**
   * Runs `work` in its turn among the transactions but without one: for a
   * write that is one statement, which SQLite makes atomic by itself, and
   * the reads that decide it. Nothing else runs on this connection meanwhile.
   */
  exclusive<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => work(this));
    this.queue = next.catch(() => undefined);
    return next;
  }

  afterCommit(fn: () => void): void {
    if (!this.commitHooks) throw new Error('afterCommit was called outside a transaction.');
    this.commitHooks.push(fn);
  }

  /** Waits for queued writes, then closes. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    const statements = [...this.prepared.values()];
    this.prepared.clear();
    await Promise.all(
      statements.map((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()))),
    );
    await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(wrap(err)) : resolve())));
  }
}
