import type { Present } from '../../common/desk/status';
import type { StoreContext } from '../services/context';
import type { DeskClient, DeskClientOptions, DeskUser } from './deskClient';
import type { DeskDocument } from './deskDocument';
import { DeskApiError } from './deskApi';
import { DeskFollower, type DeskWorkDeps } from './follow';
import { hidePresence, othersPresent, showPresence } from './presence';
import { DeskRequests } from './requests';
import { WindowLink } from './windowLink';
import type { AppEvent } from '../../common/api';
import { connectDesk, DESK_TOKEN_SECRET, markSeen, type DeskDeps } from './service';

/**
 * The app's live link to the desk: one client for the whole app, started
 * when the store opens if this computer has joined a desk (online or not:
 * it reconnects by itself), and started again when the writer joins anew.
 * The command line opens its own short-lived client instead.
 */
export class DeskLink {
  private current: DeskClient | undefined;
  private starting: Promise<void> = Promise.resolve();
  /** The draft the window shows, and the document we are shown present in. */
  private openDraft: string | null = null;
  private shownIn: DeskDocument | null = null;
  /** The desk's board and notifications as last heard, and the shared pieces' statuses following them. */
  readonly follower: DeskFollower;
  /** Decisions asked for here, waiting for the desk or refused by it. */
  readonly requests: DeskRequests;
  /** How the desk's HTTP endpoints are reached (the token, and whether to try now). */
  readonly work: DeskWorkDeps;
  /** The window's live binding of the shared piece it shows. */
  readonly window: WindowLink;
  /** Work started by the desk's messages, which closing waits for. */
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly ctx: StoreContext,
    readonly deps: DeskDeps &
      Required<Pick<DeskClientOptions, 'onProblem' | 'onArrived' | 'onUnshared' | 'onReshared'>> & {
        /** The board, a request or the notifications changed. */
        onChanged?: () => void;
        /** A shared piece's status was set from the desk. */
        onStatusFollowed?: (draftId: string) => void;
        /** The live piece's document or its people changed: the window hears it. */
        onLiveEvent?: (event: AppEvent) => void;
      },
  ) {
    const work = (this.work = {
      secrets: deps.secrets,
      ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
      // With a live connection that is down, nothing is tried until it is back (its welcome sends what waits).
      reachable: () => !this.current || this.current.online,
      ...(deps.onChanged && { onChanged: deps.onChanged }),
      ...(deps.onStatusFollowed && { onStatusFollowed: deps.onStatusFollowed }),
    });
    this.follower = new DeskFollower(ctx, work);
    this.requests = new DeskRequests(ctx, work, this.follower);
    this.window = new WindowLink(
      ctx,
      () => this.current,
      (event) => deps.onLiveEvent?.(event),
    );
  }

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
      this.current = await connectDesk(this.ctx, {
        ...this.deps,
        onWelcome: (user) => this.inBackground(this.welcomed(user)),
        onDeskChanged: () => this.inBackground(this.catchUp()),
        onReshared: (draftId, headline) => {
          // Followed again: the window's piece shows us in it again, and its status follows the desk's now.
          this.inBackground(this.reshow().then(() => this.catchUp()));
          this.deps.onReshared(draftId, headline);
        },
      });
      await this.showIn(this.openDraft);
    });
  }

  /** The window opened (or closed, with null) a piece: colleagues see us in it if it is shared. */
  async showOpen(draftId: string | null): Promise<void> {
    // What arrived while it was open was seen; so is what it holds now.
    for (const id of new Set([this.openDraft, draftId])) if (id !== null) await markSeen(this.ctx, id);
    this.openDraft = draftId;
    await this.starting;
    await this.showIn(draftId);
  }

  /** Colleagues' edits were written into a draft: seen at once when the window shows it (it reloads). */
  async arrived(draftId: string): Promise<void> {
    if (draftId === this.openDraft) await markSeen(this.ctx, draftId);
  }

  /** The open piece was just shared: show us in it. */
  async reshow(): Promise<void> {
    await this.showOpen(this.openDraft);
  }

  private async showIn(draftId: string | null): Promise<void> {
    if (this.shownIn) hidePresence(this.shownIn);
    this.shownIn = null;
    const client = this.current;
    if (!client || draftId === null) return;
    const row = await this.ctx.db.get<{ document: string }>(
      "SELECT document FROM desk_pieces WHERE draft_id = ? AND state = 'shared'",
      [draftId],
    );
    const joined = await this.ctx.db.get<{ user_name: string }>('SELECT user_name FROM desk_connection WHERE id = 1');
    if (!row || !joined) return;
    this.shownIn = (await client.piece(row.document)).document;
    showPresence(this.shownIn, joined.user_name);
  }

  /** Who else has each followed piece open, by document name. */
  async present(): Promise<Map<string, Present[]>> {
    const present = new Map<string, Present[]>();
    for (const piece of (await this.current?.openPieces()) ?? [])
      present.set(piece.document.name, othersPresent(piece.document));
    return present;
  }

  /** The desk let us in: who it says we are, then the requests that waited, then its news. */
  private async welcomed(user: DeskUser): Promise<void> {
    await this.ctx.db.run('UPDATE desk_connection SET user_name = ?, role = ? WHERE id = 1', [user.name, user.role]);
    await this.catchUp();
  }

  /**
   * Sends what waits and hears the desk's board and notifications (on
   * connecting, and after a sync). A desk that answers them badly (an older
   * server without them, a proxy) is reported, never failing the sync.
   */
  async catchUp(): Promise<void> {
    try {
      await this.requests.sendWaiting();
      await this.follower.refresh();
    } catch (err) {
      if (!(err instanceof DeskApiError)) throw err;
      this.deps.onProblem(err);
    }
  }

  /**
   * Sends what waits and hears the desk without the caller waiting for it: the window draws the board kept here
   * at once, and desk.changed follows if the hearing brought news. Hearings asked for meanwhile fold into one.
   */
  hearBehind(): void {
    this.inBackground(
      (async () => {
        await this.requests.sendWaiting();
        // A desk that answers badly shows as offline on the board, as when the board itself heard it.
        await this.follower.tryRefresh();
      })(),
    );
  }

  /** An editor's publish of a shared piece went live from this app: the desk is told, with the post's address. */
  published(draftId: string, postUrl: string | null): void {
    this.inBackground(this.requests.published(draftId, postUrl));
  }

  private inBackground(work: Promise<void>): void {
    const running = work.catch((err: unknown) =>
      this.deps.onProblem(err instanceof Error ? err : new Error(String(err))),
    );
    this.background.add(running);
    void running.finally(() => this.background.delete(running));
  }

  async close(): Promise<void> {
    await this.inTurn(() => this.stopNow());
    // What the desk's messages started finishes (it is all in SQLite once done) before the database closes.
    while (this.background.size > 0) await Promise.all(this.background);
  }

  /** Starts and stops run one at a time; one that failed does not stop the next. */
  private inTurn(work: () => Promise<void>): Promise<void> {
    const run = this.starting.then(work);
    this.starting = run.catch(() => undefined);
    return run;
  }

  private async stopNow(): Promise<void> {
    const client = this.current;
    this.window.unbind();
    this.current = undefined;
    this.shownIn = null;
    await client?.close();
  }
}
