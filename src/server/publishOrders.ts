import { randomUUID } from 'node:crypto';
import { PublishOrder, type DeskPublishJob } from '../common/desk/workflow';
import { type DecisionContext, decide, describeIssues } from './decisions';
import { type DeskUser, type DocumentStore, draftState } from './store';

/**
 * Publishing from the desk: an editor's order becomes a job in the desk's
 * outbox (deskOutbox.ts), and a job that put a piece live becomes the
 * newsroom's "publish" decision, with its audit entry and notifications.
 */

export type OrderOutcome =
  | { ok: true; job: DeskPublishJob }
  | { ok: false; status: number; code: 'invalid' | 'conflict' | 'not_found'; message: string };

/** Checks an order against the piece's state and the desk's targets, and queues it. The caller checked the role. */
export async function orderPublish(
  store: DocumentStore,
  user: DeskUser,
  body: unknown,
  now: Date,
): Promise<OrderOutcome> {
  const parsed = PublishOrder.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      code: 'invalid',
      message: `The order is not one the desk understands: ${describeIssues(parsed.error)}`,
    };
  const order = parsed.data;
  if (!(await store.publishing.loadTarget(order.target))) {
    const names = (await store.publishing.listTargets()).map((t) => t.name);
    return {
      ok: false,
      status: 404,
      code: 'not_found',
      message: `The desk has no target named “${order.target}”${names.length ? `: it has ${names.join(', ')}` : '; an admin adds one with `copydesk-server targets add`'}.`,
    };
  }
  const state = (await store.pieceState(order.document)) ?? draftState(order.document);
  if (order.remoteStatus === 'publish' && state.status !== 'approved' && state.status !== 'published') {
    return {
      ok: false,
      status: 409,
      code: 'conflict',
      message: `Only an approved piece goes live, and this one is ${state.status.replace('_', ' ')}: approve it first. Nothing was sent.`,
    };
  }
  const at = now.toISOString();
  const runAt = order.at && Date.parse(order.at) > now.getTime() ? new Date(order.at).toISOString() : at;
  const job: DeskPublishJob = {
    id: randomUUID(),
    document: order.document,
    target: order.target,
    remoteStatus: order.remoteStatus,
    requestedBy: user.name,
    runAt,
    state: 'waiting',
    attempts: 0,
    lastError: null,
    postUrl: null,
    postSentAt: null,
    createdAt: at,
    updatedAt: at,
  };
  await store.publishing.addPublishJob(job);
  return { ok: true, job };
}

/**
 * What a job's end means to the newsroom: a piece that went live is
 * published (the editor who ordered it decided so; the job's id is the
 * decision's, so it is recorded once), and a failure is told to that editor.
 * Answers whether the piece's state changed.
 */
export async function recordPublishOutcome(context: DecisionContext, job: DeskPublishJob): Promise<boolean> {
  const { store } = context;
  if (job.state === 'failed') {
    await store.addNotifications([
      {
        recipient: job.requestedBy,
        kind: 'publish_failed',
        document: job.document,
        headline: (await context.indexHeadline(job.document)) ?? '',
        actor: job.requestedBy,
        text: `Publishing to ${job.target} failed: ${job.lastError ?? 'no reason given'}`,
        at: job.updatedAt,
        dedupeKey: `publish-failed:${job.id}`,
      },
    ]);
    return false;
  }
  if (job.state !== 'done' || job.remoteStatus !== 'publish') return false;
  const state = (await store.pieceState(job.document)) ?? draftState(job.document);
  if (state.status !== 'approved') return false;
  // The editor who ordered it, with the role they had: revoked since, the post is live all the same.
  const editor = (await store.listUsers()).find((u) => u.name === job.requestedBy);
  const outcome = await decide(
    context,
    editor ?? { name: job.requestedBy, role: 'editor', createdAt: '', revokedAt: null },
    {
      id: job.id,
      document: job.document,
      action: 'publish',
      expected: 'approved',
      postUrl: job.postUrl ?? undefined,
      reason: `Published to ${job.target} by the desk`,
    },
  );
  return outcome.changed;
}
