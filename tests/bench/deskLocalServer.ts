import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeskServer, startDeskServer } from '../../src/server/deskServer';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';

/** The embedded newsroom server (SQLite, in this process) with two users, as tests/unit/desk-client.test.ts starts it. */
export interface LocalDesk {
  server: DeskServer;
  store: SqliteDocumentStore;
  tokens: [string, string];
  close(): Promise<void>;
}

export async function startLocalDesk(): Promise<LocalDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-desk-'));
  const store = await SqliteDocumentStore.open(dir);
  const tokens: [string, string] = [await store.addUser('Ada', 'writer'), await store.addUser('Ed', 'editor')];
  // The server's own defaults (a document stored 2 s after its last change), as `copydesk-server` runs it.
  const server = await startDeskServer({ store, port: 0 });
  return {
    server,
    store,
    tokens,
    close: async () => {
      await server.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
