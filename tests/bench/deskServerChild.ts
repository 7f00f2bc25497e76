import { startDeskServer } from '../../src/server/deskServer';
import { PostgresDocumentStore } from '../../src/server/postgresStore';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import type { DocumentStore } from '../../src/server/store';

/**
 * One newsroom server instance in a process of its own, so the desk bench
 * can read its memory apart from the clients' (scripts/bench.mjs builds
 * this beside the benches and names it in COPYDESK_DESK_SERVER_CHILD).
 *
 *   DESK_CHILD_POSTGRES  the store's PostgreSQL URL, or
 *   DESK_CHILD_DATA      a SQLite data folder
 *   DESK_CHILD_REDIS     Redis URL, for several instances sharing one newsroom
 *
 * Prints one JSON line, {"url": …}, once it listens; stops on SIGTERM.
 */

async function openStore(): Promise<DocumentStore> {
  const postgres = process.env.DESK_CHILD_POSTGRES;
  if (postgres) return PostgresDocumentStore.open(postgres);
  const data = process.env.DESK_CHILD_DATA;
  if (!data) throw new Error('set DESK_CHILD_POSTGRES or DESK_CHILD_DATA');
  return SqliteDocumentStore.open(data);
}

const store = await openStore();
const redisUrl = process.env.DESK_CHILD_REDIS;
const server = await startDeskServer({ store, port: 0, ...(redisUrl && { redisUrl }) });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => {
  void server
    .stop()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
