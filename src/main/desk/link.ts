import type { StoreContext } from '../services/context';
import type { DeskClient } from './deskClient';
import { connectDesk, DESK_TOKEN_SECRET, type DeskDeps } from './service';

/**
 * The app's live link to the desk: one client for the whole app, started
 * when the store opens if this computer has joined a desk (online or not:
 * it reconnects by itself), and started again when the writer joins anew.
 * The command line opens its own short-lived client instead.
 */
export class DeskLink {
  private current: DeskClient | undefined;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: StoreContext,
    readonly deps: DeskDeps & { onProblem: (error: Error) => void; onArrived: (draftId: string) => void },
  ) {}

  /** The live client, when there is one. */
  get live(): DeskClient | undefined {
    return this.current;
  }

  /** (Re)starts the client; not joined, or no token kept, leaves it stopped. */
  restart(): Promise<void> {
    return this.inTurn(async () => {
      await this.stopNow();
      const joined = await this.ctx.db.get('SELECT 1 FROM desk_connection WHERE id = 1');
      if (!joined || !(await this.deps.secrets.get(DESK_TOKEN_SECRET))) return;
      this.current = await connectDesk(this.ctx, this.deps);
    });
  }

  close(): Promise<void> {
    return this.inTurn(() => this.stopNow());
  }

  /** Starts and stops run one at a time; one that failed does not stop the next. */
  private inTurn(work: () => Promise<void>): Promise<void> {
    const run = this.starting.then(work);
    this.starting = run.catch(() => undefined);
    return run;
  }

  private async stopNow(): Promise<void> {
    const client = this.current;
    this.current = undefined;
    await client?.close();
  }
}
