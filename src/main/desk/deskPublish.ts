import type { ApiParsed } from '../../common/api';
import type { DeskPublishJob, DeskTarget } from '../../common/desk/workflow';
import { AppError } from '../../common/errors';
import type { StoreContext } from '../services/context';
import { askDesk, type DeskWorkDeps } from './follow';

/**
 * Publishing a shared piece from the desk: the newsroom's targets and their
 * secrets live on the server, an editor's order goes to it, and its outbox
 * sends the piece (docs/ARCHITECTURE.md, "The team desk"). Ordering needs
 * the connection (askDesk); nothing is queued here, so nothing goes live
 * later by surprise.
 */

/** The desk document of a piece shared from or taken onto this computer; a local piece has none. */
async function documentOf(ctx: StoreContext, draftId: string): Promise<{ document: string; waiting: number }> {
  const row = await ctx.db.get<{ document: string; waiting: number }>(
    // Updates the desk has not acknowledged; a status the desk itself set bumps the version but is no edit, so it is not counted.
    `SELECT p.document, (SELECT count(*) FROM desk_updates u WHERE u.document = p.document AND u.acked = 0) AS waiting
       FROM desk_pieces p WHERE p.draft_id = ? AND p.state = 'shared'`,
    [draftId],
  );
  if (!row)
    throw new AppError(
      'not_found',
      'This piece is not shared with the desk: publish it from this computer (Publish…), or share it first.',
    );
  return row;
}

export function deskTargets(ctx: StoreContext, deps: DeskWorkDeps): Promise<DeskTarget[]> {
  return askDesk(ctx, deps, (api) => api.targets());
}

export async function publishFromDesk(
  ctx: StoreContext,
  deps: DeskWorkDeps,
  input: ApiParsed<'desk.publish'>,
): Promise<DeskPublishJob> {
  const { document, waiting } = await documentOf(ctx, input.draftId);
  // The desk publishes the piece as it holds it: edits still on their way would be left out.
  if (waiting > 0)
    throw new AppError(
      'invalid_transition',
      `${waiting} ${waiting === 1 ? 'change to this piece has' : 'changes to this piece have'} not reached the desk yet: wait for them to be sent (or choose Sync now), then publish. Nothing was sent.`,
    );
  return askDesk(ctx, deps, (api) =>
    api.orderPublish({ document, target: input.target, remoteStatus: input.remoteStatus, at: input.at }),
  );
}

export async function deskPublishJobs(
  ctx: StoreContext,
  deps: DeskWorkDeps,
  draftId: string,
): Promise<DeskPublishJob[]> {
  const { document } = await documentOf(ctx, draftId);
  return askDesk(ctx, deps, (api) => api.publishJobs(document));
}
