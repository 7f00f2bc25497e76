import type { z } from 'zod';
import * as Y from 'yjs';
import { checkSettingsFrom, runCheck, type CheckProblem } from '../common/check';
import { pieceFromDoc } from '../common/collab/pieceDoc';
import { STATUS_LABELS } from '../common/domain';
import {
  DESK_ACTION_RULES,
  DESK_ACTIONS,
  DeskRequest,
  isDeskRole,
  type AuditEntry,
  type DeskAnswer,
  type DeskPieceState,
  type DeskRefusalCode,
} from '../common/desk/workflow';
import { type DeskUser, type DocumentStore, type NewNotification, type PieceStateRow, draftState } from './store';

/**
 * The newsroom's judge: one DeskRequest from an authenticated person is
 * checked (their role, the piece's status as they saw it, the pre-publish
 * check for an approval) and, when accepted, applied in one transaction with
 * its audit entry and notifications. The HTTP route only carries it.
 */

type ParsedRequest = z.output<typeof DeskRequest>;

export interface DecisionContext {
  store: DocumentStore;
  /** The piece's Yjs document as it is now (the live one when loaded), or null when the desk has none. */
  loadDocument(name: string): Promise<Y.Doc | null>;
  /** The piece's headline in the desk index, or null when it is not there. */
  indexHeadline(document: string): Promise<string | null>;
  now?: () => Date;
}

export interface DecisionOutcome {
  status: number;
  answer: DeskAnswer;
  /** Whether something was recorded: the caller then tells the desk's clients. */
  changed: boolean;
}

const refuse = (
  status: number,
  code: DeskRefusalCode,
  message: string,
  extra: { state?: DeskPieceState; problems?: CheckProblem[] } = {},
): DecisionOutcome => ({ status, answer: { ok: false, code, message, ...extra }, changed: false });

/** The zod issues as one sentence a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
}

const DONE: Record<AuditEntry['action'], string> = {
  submit: 'submitted this for review',
  request_changes: 'sent this back',
  approve: 'approved this',
  publish: 'marked this published',
  archive: 'archived this',
  reopen: 'reopened this',
  assign: 'assigned this',
  rename_tag: 'renamed a tag on this',
  rename_section: 'renamed the section of this',
};

const status = (s: PieceStateRow['status']): string => STATUS_LABELS[s].toLowerCase();

/** "14:02 UTC", with the day when it was not today: the app shows the exact time from the state. */
function when(iso: string, now: Date): string {
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${time} on ${iso.slice(0, 10)}`;
}

function conflictMessage(request: ParsedRequest, state: PieceStateRow, last: AuditEntry | null, now: Date): string {
  const rule = DESK_ACTION_RULES[request.action];
  const who = last ? `${last.actor} ${DONE[last.action]} at ${when(last.at, now)}` : null;
  if (state.status !== request.expected) {
    return `${who ?? 'Someone else moved this piece'}: it is ${status(state.status)} now, not ${status(request.expected)}. Nothing was changed; look again before you decide.`;
  }
  return `“${rule.label}” is not possible for a piece that is ${status(state.status)}${who ? ` (${who})` : ''}. Nothing was changed.`;
}

const isConflict = (request: ParsedRequest, state: PieceStateRow): boolean =>
  state.status !== request.expected || !DESK_ACTION_RULES[request.action].from.includes(state.status);

function roleName(role: string): string {
  return role === 'admin' ? 'an admin' : `a ${role}`;
}

/** Runs the newsroom's pre-publish check over the piece as the desk holds it now. */
export async function checkPiece(context: DecisionContext, document: string): Promise<CheckProblem[]> {
  const doc = (await context.loadDocument(document)) ?? new Y.Doc();
  const piece = pieceFromDoc(doc);
  const settings = checkSettingsFrom(await context.store.loadCheckSettings());
  const openNotes = piece.notes.filter((n) => n.resolvedAt === null).map((n) => ({ id: n.id, quote: n.quote }));
  return runCheck({ draft: piece, openNotes }, settings);
}

interface Told {
  recipients: Array<string | null | undefined>;
  kind: NewNotification['kind'];
  text: string;
}

/** Who hears of an accepted decision, and what they read. */
function whoIsTold(
  request: ParsedRequest,
  before: PieceStateRow,
  after: PieceStateRow,
  headline: string,
  actor: string,
  submitter: string | null,
  users: readonly DeskUser[],
): Told[] {
  const quoted = `“${headline}”`;
  const writer = after.assignee ?? submitter;
  switch (request.action) {
    case 'submit': {
      const editors = after.editor
        ? [after.editor]
        : users.filter((u) => u.role === 'editor' || u.role === 'admin').map((u) => u.name);
      return [{ recipients: editors, kind: 'submitted', text: `${actor} submitted ${quoted} for review.` }];
    }
    case 'request_changes':
      return [
        { recipients: [writer], kind: 'sent_back', text: `${actor} sent ${quoted} back to you: ${request.reason}` },
      ];
    case 'approve':
      return [{ recipients: [writer], kind: 'approved', text: `${actor} approved ${quoted}.` }];
    case 'publish':
      return [
        {
          recipients: [writer],
          kind: 'published',
          text: `${quoted} was published by ${actor}${after.postUrl ? `: ${after.postUrl}` : '.'}`,
        },
      ];
    case 'archive':
      return [
        {
          recipients: [writer],
          kind: 'archived',
          text: `${actor} archived ${quoted}${request.reason ? `: ${request.reason}` : '.'}`,
        },
      ];
    case 'reopen':
      return [
        {
          recipients: [writer],
          kind: 'reopened',
          text: `${actor} reopened ${quoted}${request.reason ? `: ${request.reason}` : ''}; it is a draft again.`,
        },
      ];
    case 'assign': {
      const told: Told[] = [];
      const due = after.deadline ? `, due ${after.deadline}` : '';
      if (after.assignee && after.assignee !== before.assignee)
        told.push({
          recipients: [after.assignee],
          kind: 'assigned',
          text: `${actor} assigned ${quoted} to you${due}.`,
        });
      if (after.editor && after.editor !== before.editor)
        told.push({
          recipients: [after.editor],
          kind: 'assigned',
          text: `${actor} made you the editor of ${quoted}${due}.`,
        });
      return told;
    }
    default:
      return [];
  }
}

/** Decides one request from `user` (already authenticated): the answer and its HTTP status. */
export async function decide(context: DecisionContext, user: DeskUser, body: unknown): Promise<DecisionOutcome> {
  const now = (context.now ?? (() => new Date()))();
  const { store } = context;
  const parsed = DeskRequest.safeParse(body);
  if (!parsed.success)
    return refuse(400, 'invalid', `The request is not one the desk understands: ${describeIssues(parsed.error)}`);
  const request = parsed.data;
  const rule = DESK_ACTION_RULES[request.action];
  if (!isDeskRole(user.role) || !rule.roles.includes(user.role)) {
    return refuse(
      403,
      'forbidden',
      `Only ${rule.roles.map((r) => `${r}s`).join(' and ')} may ${rule.label.toLowerCase()}; you are ${roleName(user.role)} on this desk.`,
    );
  }

  const headline = request.headline || (await context.indexHeadline(request.document)) || 'Untitled';
  const current = async (): Promise<DeskPieceState> => ({
    ...((await store.pieceState(request.document)) ?? draftState(request.document)),
    headline,
  });

  // A request sent again (its answer was lost) is answered as done, never done twice.
  const done = await store.auditByRequest(request.id);
  if (done) {
    if (done.document !== request.document)
      return refuse(400, 'invalid', 'This request id was already used for another piece; send a new id.');
    return { status: 200, answer: { ok: true, state: await current() }, changed: false };
  }
  if (rule.needsReason && !request.reason)
    return refuse(400, 'invalid', `${rule.label} needs a reason: say what the writer should change.`);
  if (request.override && !request.reason)
    return refuse(400, 'invalid', 'Approving over the check needs a reason, kept in the audit log.');
  if (request.action === 'assign' && !request.assignment)
    return refuse(400, 'invalid', 'An assignment needs its fields: assignee, editor, deadline, slotSection, slotDate.');

  // Conflicts first: telling an editor the check failed on a piece someone else already moved would mislead.
  const seen = (await store.pieceState(request.document)) ?? draftState(request.document);
  if (isConflict(request, seen)) {
    return refuse(409, 'conflict', conflictMessage(request, seen, await lastMove(store, request.document), now), {
      state: await current(),
    });
  }
  let reason = request.reason;
  if (request.action === 'approve') {
    const errors = (await checkPiece(context, request.document)).filter((p) => p.severity === 'error');
    if (errors.length && !request.override) {
      return refuse(
        422,
        'check_failed',
        `The newsroom's pre-publish check found ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}: fix ${errors.length === 1 ? 'it' : 'them'}, or approve over the check with a reason.`,
        { state: await current(), problems: errors },
      );
    }
    if (errors.length)
      reason = `Approved over ${errors.length} check ${errors.length === 1 ? 'error' : 'errors'}: ${reason}`;
  }
  // Read before the transaction: on PostgreSQL it holds a pooled connection, and waiting for a second one inside could starve the pool.
  const users = (await store.listUsers()).filter((u) => u.revokedAt === null);
  const active = new Set(users.map((u) => u.name));

  const result = await store.withPieceLocked(request.document, async (tx, state) => {
    if (await tx.auditByRequest(request.id)) return { kind: 'duplicate' as const, state };
    if (isConflict(request, state))
      return { kind: 'conflict' as const, state, last: await tx.lastAudit(request.document, DESK_ACTIONS) };
    const at = now.toISOString();
    const next: PieceStateRow = {
      ...state,
      ...(request.action === 'assign' ? request.assignment : {}),
      status: rule.to ?? state.status,
      postUrl: request.action === 'publish' ? (request.postUrl ?? state.postUrl) : state.postUrl,
      updatedBy: user.name,
      updatedAt: at,
    };
    await tx.saveState(next);
    await tx.appendAudit({
      at,
      actor: user.name,
      role: user.role,
      document: request.document,
      action: request.action,
      from: state.status,
      to: next.status,
      reason,
      requestId: request.id,
    });
    const submitter = (await tx.lastAudit(request.document, ['submit']))?.actor ?? null;
    const notifications: NewNotification[] = [];
    for (const told of whoIsTold(request, state, next, headline, user.name, submitter, users)) {
      const recipients = new Set(told.recipients.filter((r): r is string => !!r && r !== user.name && active.has(r)));
      for (const recipient of recipients)
        notifications.push({
          recipient,
          kind: told.kind,
          document: request.document,
          headline,
          actor: user.name,
          text: told.text,
          at,
        });
    }
    await tx.addNotifications(notifications);
    return { kind: 'done' as const, state: next };
  });

  if (result.kind === 'conflict') {
    return refuse(409, 'conflict', conflictMessage(request, result.state, result.last, now), {
      state: { ...result.state, headline },
    });
  }
  return { status: 200, answer: { ok: true, state: { ...result.state, headline } }, changed: result.kind === 'done' };
}

async function lastMove(store: DocumentStore, document: string): Promise<AuditEntry | null> {
  // The last decision: a vocabulary change is in the log too, but moved nothing.
  const log = await store.listAudit({ document });
  return log.findLast((e) => (DESK_ACTIONS as readonly string[]).includes(e.action)) ?? null;
}
