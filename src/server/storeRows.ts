import type { DraftStatus } from '../common/domain';
import type { AuditEntry, DeskAction, DeskNotification, NotificationKind } from '../common/desk/workflow';
import type { ServerPublishJob, ServerTarget } from './publishing';
import type { DeskUser, NewAuditEntry, PieceStateRow, Role } from './store';

/**
 * The desk's rows as both stores read them, and what the app is given for
 * them: the same columns in SQLite and PostgreSQL. Only what the drivers
 * hand back differs, and is made alike here: a time is SQLite's ISO 8601
 * TEXT or PostgreSQL's TIMESTAMPTZ (a Date), an id SQLite's INTEGER or
 * PostgreSQL's BIGSERIAL (a string). The SQL around them stays in each store.
 */

type Time = string | Date;

const iso = (t: Time): string => (typeof t === 'string' ? t : t.toISOString());
const isoOrNull = (t: Time | null): string | null => (t === null ? null : iso(t));
// A BIGSERIAL arrives as a string; a newsroom will not reach 2^53 decisions.
const idOf = (id: number | string): number => Number(id);

export interface UserRow {
  name: string;
  role: Role;
  created_at: Time;
  revoked_at: Time | null;
}

export const toUser = (r: UserRow): DeskUser => ({
  name: r.name,
  role: r.role,
  createdAt: iso(r.created_at),
  revokedAt: isoOrNull(r.revoked_at),
});

export interface StateRow {
  document: string;
  status: DraftStatus;
  assignee: string | null;
  editor: string | null;
  deadline: string | null;
  slot_section: string | null;
  slot_date: string | null;
  post_url: string | null;
  updated_by: string | null;
  updated_at: Time | null;
}

export const toState = (r: StateRow): PieceStateRow => ({
  document: r.document,
  status: r.status,
  assignee: r.assignee,
  editor: r.editor,
  deadline: r.deadline,
  slotSection: r.slot_section,
  slotDate: r.slot_date,
  postUrl: r.post_url,
  updatedBy: r.updated_by,
  updatedAt: isoOrNull(r.updated_at),
});

export interface AuditRow {
  id: number | string;
  at: Time;
  actor: string;
  role: string;
  document: string;
  action: DeskAction;
  from_status: DraftStatus;
  to_status: DraftStatus;
  reason: string;
  request_id: string;
}

export const toAudit = (r: AuditRow): AuditEntry => ({
  id: idOf(r.id),
  at: iso(r.at),
  actor: r.actor,
  role: r.role,
  document: r.document,
  action: r.action,
  from: r.from_status,
  to: r.to_status,
  reason: r.reason,
  requestId: r.request_id,
});

export interface NotificationRow {
  id: number | string;
  kind: NotificationKind;
  document: string;
  headline: string;
  actor: string;
  text: string;
  at: Time;
  read_at: Time | null;
}

export const toNotification = (r: NotificationRow): DeskNotification => ({
  id: idOf(r.id),
  kind: r.kind,
  document: r.document,
  headline: r.headline,
  actor: r.actor,
  text: r.text,
  at: iso(r.at),
  readAt: isoOrNull(r.read_at),
});

export const STATE_COLUMNS =
  'document, status, assignee, editor, deadline, slot_section, slot_date, post_url, updated_by, updated_at';
export const AUDIT_COLUMNS = 'id, at, actor, role, document, action, from_status, to_status, reason, request_id';
export const NOTIFICATION_COLUMNS = 'id, kind, document, headline, actor, text, at, read_at';

export interface TargetRow {
  name: string;
  kind: ServerTarget['kind'];
  url: string;
  user_name: string;
  /** JSONB in PostgreSQL, its text in SQLite. */
  options: Record<string, unknown> | string;
  sealed_secret: string;
  created_at: Time;
}

export const toTarget = (r: TargetRow): ServerTarget => ({
  name: r.name,
  kind: r.kind,
  url: r.url,
  user: r.user_name,
  options: typeof r.options === 'string' ? (JSON.parse(r.options) as Record<string, unknown>) : r.options,
  createdAt: iso(r.created_at),
});

export interface JobRow {
  id: string;
  document: string;
  target: string;
  remote_status: ServerPublishJob['remoteStatus'];
  requested_by: string;
  run_at: Time;
  state: ServerPublishJob['state'];
  attempts: number;
  last_error: string | null;
  post_url: string | null;
  post_sent_at: Time | null;
  created_at: Time;
  updated_at: Time;
}

export const toJob = (r: JobRow): ServerPublishJob => ({
  id: r.id,
  document: r.document,
  target: r.target,
  remoteStatus: r.remote_status,
  requestedBy: r.requested_by,
  runAt: iso(r.run_at),
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  postUrl: r.post_url,
  postSentAt: isoOrNull(r.post_sent_at),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** A new job's columns, and its values in their order (each store writes its own placeholders). */
export const JOB_INSERT_COLUMNS =
  'id, document, target, remote_status, requested_by, run_at, state, attempts, last_error, post_url, post_sent_at, created_at, updated_at';

export const jobInsertValues = (job: ServerPublishJob): unknown[] => [
  job.id,
  job.document,
  job.target,
  job.remoteStatus,
  job.requestedBy,
  job.runAt,
  job.state,
  job.attempts,
  job.lastError,
  job.postUrl,
  job.postSentAt,
  job.createdAt,
  job.updatedAt,
];

/** A piece state's values in the order both stores' UPDATE sets them (status … updated_at), the document last for WHERE. */
export const stateUpdateValues = (state: PieceStateRow): unknown[] => [
  state.status,
  state.assignee,
  state.editor,
  state.deadline,
  state.slotSection,
  state.slotDate,
  state.postUrl,
  state.updatedBy,
  state.updatedAt,
  state.document,
];

/** A new audit entry's columns (its id is the database's), and its values in their order. */
export const AUDIT_INSERT_COLUMNS = 'at, actor, role, document, action, from_status, to_status, reason, request_id';

export const auditInsertValues = (entry: NewAuditEntry): unknown[] => [
  entry.at,
  entry.actor,
  entry.role,
  entry.document,
  entry.action,
  entry.from,
  entry.to,
  entry.reason,
  entry.requestId,
];
