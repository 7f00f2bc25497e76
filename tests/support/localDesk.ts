import { type DeskServer, type DeskServerOptions, startDeskServer } from '../../src/server/deskServer';
import { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { tempDir } from './store';

/**
 * The newsroom's desk server as the app's tests meet it: Hocuspocus on its
 * embedded SQLite store, in this process, with one writer and one editor
 * (the names the test gives), on a loopback port of its own.
 */
export interface LocalDesk {
  store: SqliteDocumentStore;
  writerToken: string;
  editorToken: string;
  /** The running server (a new one after `restart`). */
  readonly server: DeskServer;
  /** Where the apps join it; the same after a restart. */
  url: string;
  port: number;
  /** Stops the server, as a desk that goes down. */
  stop: () => Promise<void>;
  /** Starts it again on the same port, on the same store. */
  restart: () => Promise<void>;
  /** Stops the server, closes its store and removes its folder. */
  close: () => Promise<void>;
}

export interface LocalDeskOptions {
  folderPrefix: string;
  writer: string;
  editor: string;
  /** Adds to the store before the server starts, and returns server options beyond the store. */
  prepare?: (store: SqliteDocumentStore) => Promise<Partial<DeskServerOptions>>;
}

export async function startLocalDesk(options: LocalDeskOptions): Promise<LocalDesk> {
  const folder = tempDir(options.folderPrefix);
  const store = await SqliteDocumentStore.open(folder.dir);
  const writerToken = await store.addUser(options.writer, 'writer');
  const editorToken = await store.addUser(options.editor, 'editor');
  // Quick to store, so a test reading the store after an edit waits a moment, not a second.
  const serverOptions = { store, storeDebounceMs: 50, ...(await options.prepare?.(store)) };
  let server = await startDeskServer({ ...serverOptions, port: 0 });
  const port = server.port;
  return {
    store,
    writerToken,
    editorToken,
    get server() {
      return server;
    },
    url: server.url,
    port,
    stop: () => server.stop(),
    restart: async () => {
      server = await startDeskServer({ ...serverOptions, port });
    },
    close: async () => {
      await server.stop();
      await store.close();
      folder.cleanup();
    },
  };
}
