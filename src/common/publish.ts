/** Publishing shapes the renderer and main share. */

export const PUBLISH_TARGET_KINDS = ['wordpress', 'ghost', 'webhook'] as const;
export type PublishTargetKind = (typeof PUBLISH_TARGET_KINDS)[number];

export const REMOTE_STATUS_CHOICES = ['draft', 'review', 'publish'] as const;
export type RemoteStatusChoice = (typeof REMOTE_STATUS_CHOICES)[number];

export const PUBLISH_JOB_STATES = ['queued', 'running', 'retrying', 'done', 'failed', 'cancelled'] as const;
export type PublishJobState = (typeof PUBLISH_JOB_STATES)[number];

export const PUBLISH_STEPS = ['media', 'post', 'record', 'done'] as const;
export type PublishStep = (typeof PUBLISH_STEPS)[number];

/** A target as the renderer sees it: never the secret, only whether one is set and how it is kept. */
export interface PublishTarget {
  id: string;
  name: string;
  kind: PublishTargetKind;
  url: string;
  user: string;
  options: Record<string, unknown>;
  secretSet: boolean;
  /** `basic_text`: Linux stores it with a fixed key; the UI says it is not protected. */
  secretProtection: 'protected' | 'basic_text' | 'not_stored';
  createdAt: string;
  updatedAt: string;
}

export interface PublishJob {
  id: string;
  draftId: string;
  targetId: string;
  targetName: string;
  remoteStatus: RemoteStatusChoice;
  state: PublishJobState;
  step: PublishStep;
  attempts: number;
  nextAttemptAt: string | null;
  /** Why it is retrying or why it stopped, in words for a person. */
  lastError: string | null;
  remoteId: string | null;
  url: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Where a draft is published, and whether it changed since. */
export interface Publication {
  draftId: string;
  targetId: string;
  targetName: string;
  remoteId: string;
  url: string;
  slug: string;
  remoteStatus: string;
  publishedAt: string;
  /** The draft as it is now differs from what was sent last. */
  changedSince: boolean;
}

export type PublishOutcome =
  /** Nothing was sent: the target already has exactly this. */
  { kind: 'unchanged'; message: string; publication: Publication } | { kind: 'job'; message: string; job: PublishJob };

export interface PublishPreview {
  target: { name: string; kind: PublishTargetKind; url: string };
  remoteStatus: RemoteStatusChoice;
  /** Create a new post, update the one there, or nothing to send. */
  action: 'create' | 'update' | 'unchanged';
  fields: Record<string, unknown>;
  html: string;
  images: Array<{ id: string; alt: string; caption: string; credit: string; reused: boolean }>;
  warnings: string[];
}

/** This computer: the only place a secret may go over plain http:// (a local test site). */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why a target's address must not be used (the app's targets and the desk's alike), or null: plain http:// sends the secret in the clear, so only loopback may have it. */
export function insecureUrlProblem(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null; // not an address at all: validate() says so
  }
  if (url.protocol !== 'http:' || isLoopback(url)) return null;
  return `The address ${url.origin} is plain http://, which would send the secret and the piece unencrypted. Use its https:// address; plain http:// is accepted only for this computer (localhost, 127.0.0.1, ::1).`;
}
