import type { ApiParsed } from '../../common/api';
import type { CheckProblem } from '../../common/check';
import type { DeskBoard, DeskRequestOutcome, QueuedDeskRequest } from '../../common/desk/status';
import { DeskRequest, type DeskAction, type DeskPieceState, type DeskRefusalCode } from '../../common/desk/workflow';
import type { DraftStatus } from '../../common/domain';
import { AppError } from '../../common/errors';
import { isoTime } from '../../common/isoTime';
import type { StoreContext } from '../services/context';
import { loadDraftHead } from '../services/draftRecords';
import { DeskApiError, refusalCode, type SentAnswer } from './deskApi';
import { openDeskApi, type DeskFollower, type DeskWorkDeps } from './follow';

/**
 * The desk's decisions asked for on this computer: each is a row in
 * `desk_requests` first (the outbox pattern), then sent, in order, now or
 * when the desk is next reachable. The server's answer decides: done (the
 * row goes, the piece takes its new state), or refused (the row stays with
 * the server's reason until the person dismisses it, or the same decision
 * on the piece is done after all). Anything else (no
 * answer, a redirect, a busy or failing desk) leaves it waiting.
 */

/** The statuses with which the server refuses a request for good (413: too large to ever go); the person must read why. */
const REFUSED_STATUSES = new Set([400, 403, 409, 413, 422]);

interface RequestRow {
  id: string;
  draft_id: string;
  action: DeskAction;
  request: string;
  created_at: number;
  state: 'waiting' | 'refused';
  code: DeskRefusalCode | null;
  message: string;
  problems: string;
  headline: string | null;
}

const SHARED_DOCUMENT = "SELECT document FROM desk_pieces WHERE draft_id = ? AND state = 'shared'";

export class DeskRequests {
  /** One sending at a time, so the requests reach the desk in the order they were made. */
  private turn: Promise<unknown> = Promise.resolve();
  /** Answers to requests sent by any turn, for the caller that queued them to report. */
  private readonly answered = new Map<string, DeskPieceState>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly deps: DeskWorkDeps,
    private readonly follower: DeskFollower,
  ) {}

  /** The piece's status as the desk last gave it, else the draft's own (never heard yet). */
  async deskStatusOf(draftId: string): Promise<DraftStatus> {
    const row = await this.ctx.db.get<{ status: DraftStatus }>(
      `SELECT coalesce(json_extract(b.state, '$.status'), d.status) AS status FROM drafts d
         LEFT JOIN desk_pieces p ON p.draft_id = d.id LEFT JOIN desk_board b ON b.document = p.document WHERE d.id = ?`,
      [draftId],
    );
    if (!row) throw new AppError('not_found', 'That draft does not exist (it may have been deleted permanently).');
    return row.status;
  }

  /** Queues a decision on a shared piece and sends it at once when the desk is reachable. */
  async ask(input: ApiParsed<'desk.request'>): Promise<DeskRequestOutcome> {
    const head = await loadDraftHead(this.ctx.db, input.draftId);
    const shared = await this.ctx.db.get<{ document: string }>(SHARED_DOCUMENT, [input.draftId]);
    if (!shared)
      throw new AppError(
        'not_found',
        'This piece is not shared with the desk, so there is nothing to ask the desk: its status is yours to set (Change status), or share it first.',
      );
    const id = await this.queue(input.draftId, {
      // Made once here and sent on every retry: a request whose answer was lost is done once.
      id: this.ctx.newId(),
      document: shared.document,
      action: input.action,
      expected: input.expected,
      reason: input.reason,
      override: input.override,
      ...(input.assignment && { assignment: input.assignment }),
      ...(input.postUrl !== undefined && { postUrl: input.postUrl }),
      headline: head.headline,
    });
    await this.sendWaiting();
    return this.outcome(id);
  }

  /**
   * An editor's app published a shared piece live: the desk is told, with
   * the post's address, so every machine shows it. A piece the desk already
   * has as published (an update of the post) asks nothing.
   */
  async published(draftId: string, postUrl: string | null): Promise<void> {
    const shared = await this.ctx.db.get<{ document: string }>(SHARED_DOCUMENT, [draftId]);
    if (!shared) return;
    const cached = await this.ctx.db.get<{ status: DraftStatus }>(
      "SELECT json_extract(state, '$.status') AS status FROM desk_board WHERE document = ?",
      [shared.document],
    );
    if (cached?.status === 'published') return;
    const head = await loadDraftHead(this.ctx.db, draftId);
    const url = postUrl && /^https?:\/\//i.test(postUrl) && postUrl.length <= 2000 ? postUrl : undefined;
    await this.queue(draftId, {
      id: this.ctx.newId(),
      document: shared.document,
      action: 'publish',
      // The desk's status as last heard: the publish flow's own status change made the local one 'published'.
      expected: cached?.status ?? 'approved',
      ...(url && { postUrl: url }),
      headline: head.headline,
    });
    await this.sendWaiting();
  }

  private async queue(draftId: string, request: DeskRequest): Promise<string> {
    const parsed = DeskRequest.parse(request);
    await this.ctx.db.run(
      `INSERT INTO desk_requests (id, draft_id, document, action, request, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [parsed.id, draftId, parsed.document, parsed.action, JSON.stringify(parsed), this.ctx.now()],
    );
    this.deps.onChanged?.();
    return parsed.id;
  }

  private async outcome(id: string): Promise<DeskRequestOutcome> {
    const piece = this.answered.get(id);
    if (piece) {
      this.answered.delete(id);
      return { state: 'done', piece };
    }
    const row = await this.ctx.db.get<RequestRow>('SELECT * FROM desk_requests WHERE id = ?', [id]);
    if (row?.state === 'refused')
      return {
        state: 'refused',
        requestId: id,
        code: row.code ?? 'invalid',
        message: row.message,
        problems: JSON.parse(row.problems) as CheckProblem[],
      };
    return { state: 'waiting', requestId: id };
  }

  /**
   * The team's board after this computer's own decisions: the waiting ones go first (one the desk could not take
   * a moment ago, busy or failing, goes again), so the board shows their outcome, not the state before them. The
   * window's desk.board and `copydesk desk board` both read it here.
   */
  async board(): Promise<DeskBoard> {
    await this.sendWaiting();
    return this.follower.board(await this.queued());
  }

  /** Sends the waiting requests in order; stops at the first that cannot be answered now (the rest keep their turn). */
  sendWaiting(): Promise<void> {
    const run = this.turn.then(() => this.sendInOrder());
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async sendInOrder(): Promise<void> {
    const api = await openDeskApi(this.ctx, this.deps);
    if (!api) return;
    const rows = await this.ctx.db.all<RequestRow>(
      "SELECT id, draft_id, action, request FROM desk_requests WHERE state = 'waiting' ORDER BY seq",
    );
    let changed = false;
    try {
      for (const row of rows) {
        let answered: SentAnswer;
        try {
          answered = await api.send(JSON.parse(row.request) as DeskRequest);
        } catch (err) {
          if (!(err instanceof DeskApiError)) throw err;
          await this.stillWaiting(row.id, err.message);
          return;
        }
        const { status, answer } = answered;
        if (answer.ok && status >= 200 && status < 300) {
          this.answered.set(row.id, answer.state);
          await this.ctx.db.run('DELETE FROM desk_requests WHERE id = ?', [row.id]);
          // The same decision refused before (an approval the check stopped, then given anyway) is done now:
          // its refusal no longer waits to be read under "Requests not done yet".
          await this.ctx.db.run("DELETE FROM desk_requests WHERE draft_id = ? AND action = ? AND state = 'refused'", [
            row.draft_id,
            row.action,
          ]);
          changed = true;
          await this.follower.applyState(answer.state);
        } else if (!answer.ok && REFUSED_STATUSES.has(status)) {
          await this.ctx.db.run(
            "UPDATE desk_requests SET state = 'refused', code = ?, message = ?, problems = ?, attempts = attempts + 1 WHERE id = ?",
            [refusalCode(answer.code), answer.message, JSON.stringify(answer.problems ?? []), row.id],
          );
          changed = true;
          // A conflict comes with the piece as it stands now (what someone else did).
          if (answer.state) await this.follower.applyState(answer.state);
        } else {
          // 429, a failing desk, or an answer that does not fit its status: try again later, in order.
          const said = answer.ok ? 'an answer that does not fit' : answer.message;
          await this.stillWaiting(
            row.id,
            `The desk could not take it now (${status}: ${said}); it is sent again later.`,
          );
          return;
        }
      }
    } finally {
      if (changed) this.deps.onChanged?.();
    }
  }

  private async stillWaiting(id: string, why: string): Promise<void> {
    await this.ctx.db.run('UPDATE desk_requests SET attempts = attempts + 1, message = ? WHERE id = ?', [why, id]);
  }

  /** This computer's waiting and refused requests, oldest first. */
  async queued(): Promise<QueuedDeskRequest[]> {
    const rows = await this.ctx.db.all<RequestRow>(
      `SELECT r.*, d.headline FROM desk_requests r LEFT JOIN drafts d ON d.id = r.draft_id ORDER BY r.seq`,
    );
    return rows.map((r) => ({
      id: r.id,
      draftId: r.draft_id,
      headline: r.headline ?? (JSON.parse(r.request) as { headline?: string }).headline ?? '',
      action: r.action,
      createdAt: isoTime(r.created_at),
      state: r.state,
      message: r.message,
    }));
  }

  /** Forgets a refused request once its reason was read; a waiting one is still the desk's to answer. */
  async dismiss(requestId: string): Promise<{ requestId: string }> {
    const row = await this.ctx.db.get<{ state: string }>('SELECT state FROM desk_requests WHERE id = ?', [requestId]);
    if (!row)
      throw new AppError('not_found', 'There is no such request on this computer (it may have been dismissed).');
    if (row.state !== 'refused')
      throw new AppError(
        'invalid_input',
        'This request has not been answered yet: it is sent when the desk can be reached, and can be dismissed once refused.',
      );
    await this.ctx.db.run('DELETE FROM desk_requests WHERE id = ?', [requestId]);
    this.deps.onChanged?.();
    return { requestId };
  }
}
