import type { ApiParsed, SaveOutcome } from '../../common/api';
import {
  checkSettingsFrom,
  hasBlockingProblems,
  liveBlockers,
  runCheck,
  type CheckProblem,
  type CheckSettings,
} from '../../common/check';
import {
  STATUS_LABELS,
  STATUS_TRANSITIONS,
  type Draft,
  type DraftStatus,
  type StatusChange,
} from '../../common/domain';
import { AppError } from '../../common/errors';
import type { Queryable } from '../db/sqlite';
import type { StoreContext } from './context';
import { loadDraft, loadDraftHead, withCurrentBody } from './draftRecords';
import { assertEditable } from './drafts';
import { openNotes } from './notes';
import { recordRevision } from './revisions';
import { isoTime } from '../../common/isoTime';

/**
 * The editorial workflow: draft → in review → approved → published, plus
 * archived. Every move is checked against the allowed transitions, signed
 * with who made it, and kept as the piece's trail. Approving or publishing
 * runs the pre-publish check; its errors block the move unless an editor
 * overrides them with a reason, which goes into the trail.
 */

const GATED: readonly DraftStatus[] = ['approved', 'published'];

export async function checkSettings(q: Queryable): Promise<CheckSettings> {
  const row = await q.get<{ value: string }>("SELECT value FROM settings WHERE key = 'check'");
  return checkSettingsFrom(row ? (JSON.parse(row.value) as unknown) : null);
}

async function checkDraft(q: Queryable, draft: Draft): Promise<CheckProblem[]> {
  return runCheck({ draft, openNotes: await openNotes(q, draft.id) }, await checkSettings(q));
}

/**
 * A piece goes live only when the pre-publish check finds no errors, or once
 * it is approved or published. The publish dialog shows the same rule; here
 * the command line and every other caller meet it too.
 */
export async function assertReadyToGoLive(q: Queryable, draft: Draft): Promise<void> {
  const blockers = liveBlockers(await checkDraft(q, draft), draft.status);
  if (blockers.length === 0) return;
  throw new AppError(
    'check_failed',
    `The pre-publish check found ${blockers.length} ${blockers.length === 1 ? 'problem' : 'problems'} to fix before this piece goes live: ` +
      `${blockers.map((p) => p.message).join(' ')} Fix them, or have an editor approve the piece (an editor may override the check, with a reason).`,
  );
}

export async function checkPiece(ctx: StoreContext, id: string): Promise<CheckProblem[]> {
  return checkDraft(ctx.db, await loadDraft(ctx.db, id));
}

async function isShared(q: Queryable, draftId: string): Promise<boolean> {
  return (await q.get("SELECT 1 FROM desk_pieces WHERE draft_id = ? AND state = 'shared'", [draftId])) !== undefined;
}

export function setDraftStatus(ctx: StoreContext, input: ApiParsed<'drafts.setStatus'>): Promise<SaveOutcome> {
  return ctx.db.transaction(async (tx) => {
    const head = await loadDraftHead(tx, input.id);
    // A shared piece's status is the newsroom's: the server decides it, and the profile's role counts only here.
    if (await isShared(tx, input.id))
      throw new AppError(
        'forbidden',
        "This piece is shared with the desk, so its status is the newsroom's: use the desk's actions (Submit for review, Approve, Request changes…), which the desk checks against your role there.",
      );
    const current = await withCurrentBody(tx, head);
    assertEditable(current);
    if (current.version !== input.expectedVersion) return { kind: 'conflict', current };
    if (current.status === input.status) return { kind: 'unchanged', draft: current };
    if (!STATUS_TRANSITIONS[current.status].includes(input.status)) {
      const allowed = STATUS_TRANSITIONS[current.status].map((s) => `"${STATUS_LABELS[s]}"`).join(' or ');
      throw new AppError(
        'invalid_transition',
        `A piece that is "${STATUS_LABELS[current.status]}" cannot become "${STATUS_LABELS[input.status]}"; it can become ${allowed}.`,
      );
    }
    let overrideReason = '';
    if (GATED.includes(input.status)) {
      const errors = (await checkDraft(tx, current)).filter((p) => p.severity === 'error');
      if (hasBlockingProblems(errors)) {
        if (input.override === undefined) {
          throw new AppError(
            'check_failed',
            `The pre-publish check found ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix first: ${errors.map((e) => e.message).join(' ')}`,
          );
        }
        if (ctx.role() !== 'editor') {
          throw new AppError(
            'forbidden',
            'Only an editor can override the pre-publish check. Fix the problems, or ask an editor.',
          );
        }
        overrideReason = input.override;
      }
    }
    const now = ctx.now();
    await tx.run(
      'UPDATE drafts SET status = ?, version = version + 1, updated_at = ?, status_changed_at = ? WHERE id = ?',
      [input.status, now, now, input.id],
    );
    ctx.journal.bodyKept(tx, head.id, current.version, current.version + 1);
    await tx.run(
      `INSERT INTO status_changes (draft_id, from_status, to_status, actor, role, note, override_reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [input.id, current.status, input.status, ctx.author(), ctx.role(), input.note ?? '', overrideReason, now],
    );
    const saved = await loadDraft(tx, input.id);
    const name = `${STATUS_LABELS[current.status]} → ${STATUS_LABELS[input.status]}${input.note ? `: ${input.note}` : ''}`;
    await recordRevision(tx, ctx, saved, 'status', { name });
    return { kind: 'saved', draft: saved };
  });
}

/**
 * A shared piece takes the status the desk's server gives it, with the
 * server's actor in its trail; the version moves, as on any status change,
 * so an open window sees it. Returns the draft when its status changed.
 */
export function followDeskStatus(
  ctx: StoreContext,
  draftId: string,
  status: DraftStatus,
  actor: string | null,
): Promise<Draft | null> {
  return ctx.db.transaction(async (tx) => {
    const head = await loadDraftHead(tx, draftId);
    // A piece in the trash stays as it is; it follows again once restored.
    if (head.status === status || head.trashedAt !== null) return null;
    const now = ctx.now();
    await tx.run(
      'UPDATE drafts SET status = ?, version = version + 1, updated_at = ?, status_changed_at = ? WHERE id = ?',
      [status, now, now, draftId],
    );
    ctx.journal.bodyKept(tx, draftId, head.version, head.version + 1);
    // The status is not in the shared document: a copy that had met its document still has, so nothing waits to be sent.
    await tx.run('UPDATE desk_pieces SET synced_version = ? WHERE draft_id = ? AND synced_version = ?', [
      head.version + 1,
      draftId,
      head.version,
    ]);
    await tx.run(
      `INSERT INTO status_changes (draft_id, from_status, to_status, actor, role, note, override_reason, created_at)
       VALUES (?, ?, ?, ?, 'desk', ?, '', ?)`,
      [draftId, head.status, status, actor ?? 'the desk', 'Decided on the desk', now],
    );
    const saved = await loadDraft(tx, draftId);
    const name = `${STATUS_LABELS[head.status]} → ${STATUS_LABELS[status]} (on the desk${actor ? `, by ${actor}` : ''})`;
    await recordRevision(tx, ctx, saved, 'status', { name });
    return saved;
  });
}

/**
 * Only the desk's editors send a shared piece to a CMS, and live only once
 * the desk has it approved; checked before anything is sent.
 */
export async function assertMayPublishShared(q: Queryable, draftId: string, live: boolean): Promise<void> {
  if (!(await isShared(q, draftId))) return;
  const joined = await q.get<{ role: string }>('SELECT role FROM desk_connection WHERE id = 1');
  if (!joined || (joined.role !== 'editor' && joined.role !== 'admin'))
    throw new AppError(
      'forbidden',
      `This piece is shared with the desk, and only editors publish shared pieces (the desk knows you as ${joined ? `a ${joined.role}` : 'no one'}). Submit it for review; an editor publishes it.`,
    );
  const desk = await q.get<{ status: DraftStatus }>(
    "SELECT json_extract(b.state, '$.status') AS status FROM desk_board b JOIN desk_pieces p ON p.document = b.document WHERE p.draft_id = ?",
    [draftId],
  );
  // Live before the desk approved it, the desk would refuse to record the publish and the two would disagree.
  if (live && desk && desk.status !== 'approved' && desk.status !== 'published')
    throw new AppError(
      'forbidden',
      `The desk has this piece as "${STATUS_LABELS[desk.status]}": approve it on the desk before publishing it live.`,
    );
}

interface TrailRow {
  id: number;
  from_status: DraftStatus;
  to_status: DraftStatus;
  actor: string;
  role: string;
  note: string;
  override_reason: string;
  created_at: number;
}

export async function statusTrail(ctx: StoreContext, id: string): Promise<StatusChange[]> {
  await loadDraft(ctx.db, id);
  const rows = await ctx.db.all<TrailRow>('SELECT * FROM status_changes WHERE draft_id = ? ORDER BY id', [id]);
  return rows.map((r) => ({
    id: r.id,
    from: r.from_status,
    to: r.to_status,
    actor: r.actor,
    role: r.role,
    note: r.note,
    overrideReason: r.override_reason,
    createdAt: isoTime(r.created_at),
  }));
}
