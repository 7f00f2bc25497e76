import { z } from 'zod';
import type { CheckProblem } from '../check';
import { DRAFT_STATUSES, type DraftStatus } from '../domain';
import { REMOTE_STATUS_CHOICES, type PublishTargetKind, type RemoteStatusChoice } from '../publish';

/**
 * The newsroom's rules for a shared piece, which the desk's server enforces
 * and the app shows: who may move a piece from which status to which, the
 * request the app sends for each move, and what the server answers. The
 * server is the judge; the app reads the same table only to offer the
 * buttons a person may use.
 */

export const DESK_ROLES = ['writer', 'editor', 'admin'] as const;
export type DeskRole = (typeof DESK_ROLES)[number];

export function isDeskRole(value: string): value is DeskRole {
  return (DESK_ROLES as readonly string[]).includes(value);
}

/** A decision about a piece: each is one request to the server, checked and recorded there. */
export const DESK_ACTIONS = ['submit', 'request_changes', 'approve', 'publish', 'archive', 'reopen', 'assign'] as const;
export type DeskAction = (typeof DESK_ACTIONS)[number];

interface ActionRule {
  /** The statuses the piece may be in for this action. */
  from: readonly DraftStatus[];
  /** The status it moves to; null: the status stays (an assignment). */
  to: DraftStatus | null;
  roles: readonly DeskRole[];
  label: string;
  /** A reason the person must give (the note sent back to the writer). */
  needsReason: boolean;
}

const EDITORS: readonly DeskRole[] = ['editor', 'admin'];

export const DESK_ACTION_RULES: Record<DeskAction, ActionRule> = {
  submit: { from: ['draft'], to: 'in_review', roles: DESK_ROLES, label: 'Submit for review', needsReason: false },
  request_changes: {
    from: ['in_review', 'approved'],
    to: 'draft',
    roles: EDITORS,
    label: 'Request changes',
    needsReason: true,
  },
  approve: { from: ['in_review'], to: 'approved', roles: EDITORS, label: 'Approve', needsReason: false },
  publish: { from: ['approved'], to: 'published', roles: EDITORS, label: 'Mark published', needsReason: false },
  archive: {
    from: ['draft', 'in_review', 'approved', 'published'],
    to: 'archived',
    roles: EDITORS,
    label: 'Archive',
    needsReason: false,
  },
  reopen: {
    from: ['approved', 'published', 'archived'],
    to: 'draft',
    roles: EDITORS,
    label: 'Reopen',
    needsReason: false,
  },
  assign: {
    from: DRAFT_STATUSES,
    to: null,
    roles: EDITORS,
    label: 'Assign',
    needsReason: false,
  },
};

/** Whether a person with this role may ask for this action on a piece in this status (the server decides again). */
export function mayAct(role: string, action: DeskAction, status: DraftStatus): boolean {
  const rule = DESK_ACTION_RULES[action];
  return isDeskRole(role) && rule.roles.includes(role) && rule.from.includes(status);
}

/** Statuses in which a writer's edits to the piece's document are refused: it left the writer's hands. */
export const LOCKED_FOR_WRITERS: readonly DraftStatus[] = ['published', 'archived'];

/** A shared piece's document name, as the desk and every app know it (protocol.ts, pieceDocumentName). */
export const DeskDocumentName = z.string().regex(/^piece-[0-9a-f-]{36}$/, 'That is not a desk piece.');

/** Who does a piece and when it runs: set by an editor (the `assign` action). */
export const Assignment = z.strictObject({
  assignee: z.string().trim().max(64).nullable(),
  editor: z.string().trim().max(64).nullable(),
  /** ISO 8601 date-time. */
  deadline: z.iso.datetime({ offset: true }).nullable(),
  slotSection: z.string().trim().max(100).nullable(),
  /** ISO 8601 date (the day the piece is planned to run). */
  slotDate: z.iso.date().nullable(),
});
export type Assignment = z.infer<typeof Assignment>;

export const EMPTY_ASSIGNMENT: Assignment = {
  assignee: null,
  editor: null,
  deadline: null,
  slotSection: null,
  slotDate: null,
};

/** One decision as the app sends it. `id` is made by the app, so a request sent twice (after a lost answer) is done once. */
export const DeskRequest = z.strictObject({
  id: z.uuid(),
  document: DeskDocumentName,
  action: z.enum(DESK_ACTIONS),
  /** The status the person saw when they decided: a piece moved since by someone else is a conflict, not a surprise. */
  expected: z.enum(DRAFT_STATUSES),
  /** Required for request_changes; the override reason for an approval over a failing check. */
  reason: z.string().trim().max(4000).default(''),
  /** Approve over the check's errors (editors only), with `reason` saying why. */
  override: z.boolean().default(false),
  assignment: Assignment.optional(),
  /** For publish: the post's address, when the piece went live from an editor's app. */
  postUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  /** The piece's headline as the person saw it, for the trail and notifications. */
  headline: z.string().max(1000).default(''),
});
export type DeskRequest = z.input<typeof DeskRequest>;

/** A shared piece's state as the server keeps it. */
export interface DeskPieceState extends Assignment {
  document: string;
  headline: string;
  status: DraftStatus;
  postUrl: string | null;
  /** Who made the last decision, and when (ISO 8601). */
  updatedBy: string | null;
  updatedAt: string | null;
}

export const DESK_REFUSALS = ['forbidden', 'conflict', 'check_failed', 'invalid', 'rate_limited'] as const;
export type DeskRefusalCode = (typeof DESK_REFUSALS)[number];

/** The server's answer to a request: done, with the piece's new state, or refused with a reason for the person. */
export type DeskAnswer =
  | { ok: true; state: DeskPieceState }
  | {
      ok: false;
      code: DeskRefusalCode;
      message: string;
      /** The piece as it stands now (for a conflict: what someone else did). */
      state?: DeskPieceState;
      /** For check_failed: what the newsroom's pre-publish check found. */
      problems?: CheckProblem[];
    };

/** One line of the server's append-only audit log. */
/** What the audit records besides decisions: the shared vocabulary changed on a piece (vocabulary.ts on the server). */
export const VOCABULARY_ACTIONS = ['rename_tag', 'rename_section'] as const;
export type VocabularyAction = (typeof VOCABULARY_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  role: string;
  document: string;
  action: DeskAction | VocabularyAction;
  from: DraftStatus;
  to: DraftStatus;
  reason: string;
  /** The request's id, so one request is recorded once. */
  requestId: string;
}

export const NOTIFICATION_KINDS = [
  'submitted',
  'sent_back',
  'approved',
  'assigned',
  'published',
  'publish_failed',
  'archived',
  'reopened',
  'mention',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface DeskNotification {
  id: number;
  kind: NotificationKind;
  document: string;
  headline: string;
  /** Who caused it. */
  actor: string;
  /** A sentence for the person: "Ed sent “Budget vote” back to you: tighten the top". */
  text: string;
  at: string;
  readAt: string | null;
}

/** HTTP endpoints on the desk's own port (beside /images/), each with the user's token as a Bearer token. */
export const DESK_API_PATHS = {
  /** GET: every shared piece's state. */
  pieces: '/desk/pieces',
  /** POST a DeskRequest: a DeskAnswer (200 done, 403/409/422/429 refused). */
  requests: '/desk/requests',
  /** GET: the person's notifications, newest first; POST {ids: number[] | 'all'} to mark them read. */
  notifications: '/desk/notifications',
  /** GET ?document=&since=: the audit log (editors and admins). */
  audit: '/desk/audit',
  /** GET: the newsroom's check settings; PUT (editors and admins) replaces them. */
  checkSettings: '/desk/check-settings',
  /** GET: the newsroom's publish targets (name, kind, address; never a secret). */
  targets: '/desk/targets',
  /** POST a PublishOrder (editors and admins): 202 with the job; GET ?document=: that piece's jobs, newest first. */
  publish: '/desk/publish',
  /** POST a VocabularyChange (editors and admins): the pieces it touches and, with `apply`, the rename done on each. */
  vocabulary: '/desk/vocabulary',
} as const;

/** Sent by the server on the desk index's connections whenever a piece's state or someone's notifications changed. */
export interface DeskChanged {
  type: 'desk-changed';
}

export function deskChangedMessage(): string {
  return JSON.stringify({ type: 'desk-changed' } satisfies DeskChanged);
}

export function isDeskChanged(payload: string): boolean {
  try {
    return (JSON.parse(payload) as Partial<DeskChanged>).type === 'desk-changed';
  } catch {
    return false;
  }
}

/** An editor asks the desk to publish a shared piece to one of the newsroom's targets, now or at a set time. */
export const PublishOrder = z.strictObject({
  document: DeskDocumentName,
  target: z.string().trim().min(1, 'Name the target to publish to.').max(64),
  remoteStatus: z.enum(REMOTE_STATUS_CHOICES),
  /** When to publish (ISO 8601); absent or past: now. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type PublishOrder = z.input<typeof PublishOrder>;

/** A publish target as the desk shows it: its secret stays on the server. */
export interface DeskTarget {
  name: string;
  kind: PublishTargetKind;
  url: string;
}

export const DESK_PUBLISH_STATES = ['waiting', 'running', 'done', 'failed'] as const;

/** One publish the desk's outbox runs: its progress and, once done, the post's address reach every client. */
export interface DeskPublishJob {
  id: string;
  document: string;
  target: string;
  remoteStatus: RemoteStatusChoice;
  requestedBy: string;
  /** Not before this time (ISO 8601): a scheduled publish, or the next try after a failure. */
  runAt: string;
  state: (typeof DESK_PUBLISH_STATES)[number];
  attempts: number;
  /** Why it waits or failed, with every secret redacted. */
  lastError: string | null;
  postUrl: string | null;
  /** Set before the post is created: a retry looks for a post that may have arrived before a crash or timeout. */
  postSentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A tag or section renamed on every shared piece (a merge when a piece already has the new name). */
export const VocabularyChange = z.strictObject({
  field: z.enum(['tag', 'section']),
  from: z.string().trim().min(1, 'Name the tag or section to rename.').max(100),
  to: z.string().trim().min(1, 'Give the new name.').max(100),
  /** false: only count the pieces it would touch, so the person sees them first. */
  apply: z.boolean().default(false),
});
export type VocabularyChange = z.input<typeof VocabularyChange>;

export interface VocabularyOutcome {
  field: 'tag' | 'section';
  from: string;
  to: string;
  /** The shared pieces that have (or had) the old name. */
  pieces: Array<{ document: string; headline: string }>;
  applied: boolean;
}
