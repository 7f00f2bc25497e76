import { availableParallelism } from 'node:os';
import { Database } from './sqlite';

export interface ReadPoolOptions {
  /** How many connections (at least one); a search splits its ranking only when there are two or more. */
  size?: number;
  /** Run on each connection as it opens: temporary tables and views the reads rely on. */
  setup?: string;
}

/**
 * Read-only connections to the database file beside the one that writes.
 * SQLite runs one statement at a time on a connection, and ranking a common
 * word means scoring tens of thousands of hits; split by row id across these
 * connections, the parts run on separate cores. They see what has been
 * committed, which is all a search shows; anything read inside a transaction
 * stays on the transaction's connection.
 */
export class ReadPool {
  private opened: Promise<Database[]> | null = null;
  private closed = false;
  readonly size: number;

  constructor(
    private readonly path: string,
    private readonly options: ReadPoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? Math.min(availableParallelism(), 4));
  }

  /** The connections, opened on first use. */
  connections(): Promise<Database[]> {
    if (this.closed) return Promise.reject(new Error('The database is closed.'));
    this.opened ??= Promise.all(Array.from({ length: this.size }, () => this.openOne()));
    return this.opened;
  }

  private async openOne(): Promise<Database> {
    const db = await Database.open(this.path, { readonly: true });
    // A reader waits out the moment a checkpoint holds the WAL rather than failing the search.
    await db.exec(`PRAGMA busy_timeout = 5000; ${this.options.setup ?? ''}`);
    return db;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.opened) return;
    const connections = await this.opened.catch(() => []);
    await Promise.all(connections.map((c) => c.close()));
  }
}
