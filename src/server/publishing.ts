import type { PublishTargetKind } from '../common/publish';
import type { RemoteMedia } from '../publishing/adapter';
import type { DeskPublishJob } from '../common/desk/workflow';

/**
 * What the desk keeps to publish shared pieces itself: the newsroom's
 * targets (each secret sealed, secretBox.ts), the jobs of its outbox, and
 * per target what was sent (images by content, the post of each piece), so
 * a republish updates in place. The stores implement it for SQLite and
 * PostgreSQL alike.
 */

export interface ServerTarget {
  name: string;
  kind: PublishTargetKind;
  url: string;
  /** WordPress's user name; empty for Ghost and webhooks. */
  user: string;
  options: Record<string, unknown>;
  createdAt: string;
}

/** The desk's publish job: the shape clients see (common/desk/workflow.ts). */
export type ServerPublishJob = DeskPublishJob;
export type PublishJobState = DeskPublishJob['state'];

export type JobPatch = Partial<
  Pick<ServerPublishJob, 'state' | 'runAt' | 'attempts' | 'lastError' | 'postUrl' | 'postSentAt'>
>;

/** The patch's fields as columns, in one order for the SET list and its parameters. */
const JOB_COLUMNS: Record<keyof JobPatch, string> = {
  state: 'state',
  runAt: 'run_at',
  attempts: 'attempts',
  lastError: 'last_error',
  postUrl: 'post_url',
  postSentAt: 'post_sent_at',
};

export function jobPatchColumns(patch: JobPatch): Array<[string, unknown]> {
  return (Object.keys(JOB_COLUMNS) as Array<keyof JobPatch>)
    .filter((key) => patch[key] !== undefined)
    .map((key) => [JOB_COLUMNS[key], patch[key]]);
}

export interface SentPost {
  remoteId: string;
  url: string;
  remoteUpdated: string | null;
}

export interface PublishingStore {
  /** Adds the target, or replaces its settings and secret when one of that name exists. */
  saveTarget(target: Omit<ServerTarget, 'createdAt'>, sealedSecret: string): Promise<void>;
  listTargets(): Promise<ServerTarget[]>;
  loadTarget(name: string): Promise<{ target: ServerTarget; sealedSecret: string } | null>;
  removeTarget(name: string): Promise<boolean>;
  addPublishJob(job: ServerPublishJob): Promise<void>;
  /** Takes the oldest waiting job due at `now` (it becomes running); two instances never take the same one. */
  claimDueJob(now: string): Promise<ServerPublishJob | null>;
  /** Jobs left running by a stopped process wait again, so they are retried. */
  releaseRunningJobs(): Promise<number>;
  updatePublishJob(id: string, patch: JobPatch): Promise<void>;
  /** Newest first; one piece's, or all. */
  publishJobs(document?: string): Promise<ServerPublishJob[]>;
  sentMedia(target: string, imageId: string): Promise<(RemoteMedia & { metaHash: string }) | null>;
  saveSentMedia(target: string, imageId: string, media: RemoteMedia, metaHash: string): Promise<void>;
  sentPost(document: string, target: string): Promise<SentPost | null>;
  saveSentPost(document: string, target: string, post: SentPost): Promise<void>;
}
