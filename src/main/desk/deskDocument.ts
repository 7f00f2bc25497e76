import type { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { Database, Transaction } from '../db/sqlite';
import { acknowledge, appendUpdate, compact, loadState } from './updateLog';

/**
 * One desk document held by this app: a Y.Doc loaded from its update log,
 * every change to it appended to the log (local ones waiting for the
 * server's acknowledgement), and the provider that carries it. Work on the
 * document's rows runs one step at a time, in order.
 */

/** The origin of the state read back from the log: already logged, so not logged again. */
const FROM_LOG = Symbol('from the log');

interface LoggedLocal {
  seq: number;
  /** Which local change this was, counted from this document's opening. */
  change: number;
}

export class DeskDocument {
  readonly doc = new Y.Doc();
  private provider: HocuspocusProvider | null = null;
  private readonly pending: Array<{ update: Uint8Array; origin: 'local' | 'remote'; change: number }> = [];
  private localChanges = 0;
  /** Local changes up to this one are held by the server. */
  private ackedThrough = 0;
  private readonly unacked: LoggedLocal[] = [];
  private steps: Promise<unknown> = Promise.resolve();
  private receivedCount = 0;

  private constructor(
    readonly name: string,
    private readonly db: Database,
    /** Called (inside the step's transaction) after remote updates were logged. */
    private readonly afterRemote: (tx: Transaction) => Promise<void>,
    private readonly onProblem: (error: Error) => void,
    /** Called after a step that wrote what arrived has committed, so others may read it. */
    private readonly afterCommit: () => void,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_LOG) return;
      const remote = this.provider !== null && origin === this.provider;
      this.pending.push({ update, origin: remote ? 'remote' : 'local', change: remote ? 0 : ++this.localChanges });
      if (remote) this.stepInBackground();
    });
  }

  static async open(
    name: string,
    db: Database,
    afterRemote: (tx: Transaction) => Promise<void>,
    onProblem: (error: Error) => void,
    afterCommit: () => void = () => undefined,
  ): Promise<DeskDocument> {
    const document = new DeskDocument(name, db, afterRemote, onProblem, afterCommit);
    const state = await loadState(db, name);
    if (state) Y.applyUpdate(document.doc, state, FROM_LOG);
    // What the log holds unacknowledged from an earlier run counts as change 0: held by the server after the first full exchange.
    const waiting = await db.all<{ seq: number }>('SELECT seq FROM desk_updates WHERE document = ? AND acked = 0', [
      name,
    ]);
    document.unacked.push(...waiting.map((row) => ({ seq: row.seq, change: 0 })));
    return document;
  }

  bind(provider: HocuspocusProvider): void {
    this.provider = provider;
    provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0 && provider.isSynced) this.serverHoldsAll();
    });
    provider.on('synced', () => {
      if (provider.unsyncedChanges === 0) this.serverHoldsAll();
    });
  }

  /** Who else has this document open (Yjs awareness), once it is connected; none once it is closed. */
  get awareness(): HocuspocusProvider['awareness'] {
    return this.destroyed ? null : (this.provider?.awareness ?? null);
  }

  /** Whether the server has answered the first exchange and acknowledged every change sent since. */
  get inStep(): boolean {
    return this.provider !== null && this.provider.isSynced && this.provider.unsyncedChanges === 0;
  }

  /** Remote updates logged since the document was opened. */
  get received(): number {
    return this.receivedCount;
  }

  /** Nothing arrived or changed that is not in the log yet. */
  get idle(): boolean {
    return this.pending.length === 0;
  }

  private serverHoldsAll(): void {
    this.ackedThrough = this.localChanges;
    this.stepInBackground();
  }

  /**
   * Runs `work` in a transaction after the steps before it, with the
   * updates that arrived meanwhile logged in the same transaction; `work`
   * may change the document (its local updates are logged there too).
   */
  step<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let wroteRemote = false;
    const run = this.steps.then(async () => {
      const done = await this.db.transaction(async (tx) => {
        let remote = await this.logPending(tx);
        const result = await work(tx);
        remote = (await this.logPending(tx)) || remote;
        // Updates may keep arriving while the draft is written: each batch is read back out before the step ends.
        while (remote) {
          await this.afterRemote(tx);
          wroteRemote = true;
          remote = await this.logPending(tx);
        }
        await this.acknowledge(tx);
        await compact(tx, this.name);
        return result;
      });
      if (wroteRemote) this.afterCommit();
      return done;
    });
    this.steps = run.catch(() => undefined);
    return run;
  }

  /** A step nobody waits for (updates arrived, the server acknowledged): its failure goes to onProblem. */
  private stepInBackground(): void {
    this.step(() => Promise.resolve()).catch((err: unknown) =>
      this.onProblem(err instanceof Error ? err : new Error(String(err))),
    );
  }

  /** Resolves once every step asked for so far has run. */
  async settled(): Promise<void> {
    await this.steps;
  }

  private async logPending(tx: Transaction): Promise<boolean> {
    let remote = false;
    for (const entry of this.pending.splice(0)) {
      remote ||= entry.origin === 'remote';
      const seq = await appendUpdate(tx, this.name, entry.update, entry.origin);
      if (entry.origin === 'remote') this.receivedCount += 1;
      else this.unacked.push({ seq, change: entry.change });
    }
    return remote;
  }

  private async acknowledge(tx: Transaction): Promise<void> {
    const held = this.unacked.filter((row) => row.change <= this.ackedThrough);
    if (held.length === 0) return;
    await acknowledge(tx, this.name, Math.max(...held.map((row) => row.seq)));
    this.unacked.splice(0, this.unacked.length, ...this.unacked.filter((row) => row.change > this.ackedThrough));
  }

  /** Closed: no longer followed here (taken off the desk), or the client closed. */
  destroyed = false;

  destroy(): void {
    this.destroyed = true;
    this.provider?.destroy();
    this.doc.destroy();
  }
}
