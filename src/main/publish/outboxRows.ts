import { AppError } from '../../common/errors';
import type { PublishJobState, PublishStep, RemoteStatusChoice } from '../../common/publish';
import type { Queryable } from '../db/sqlite';
import type { StoreContext } from '../services/context';

/** The outbox's rows as SQLite holds them: a job in `publish_jobs`, a piece's post on a target in `publications`. */

export interface JobRow {
  id: string;
  draft_id: string;
  target_id: string;
  remote_status: RemoteStatusChoice;
  state: PublishJobState;
  step: PublishStep;
  payload: string;
  content_hash: string;
  post_sent_at: number | null;
  remote_id: string | null;
  remote_url: string | null;
  remote_slug: string | null;
  remote_updated: string | null;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  target_name?: string;
}

export interface PublicationRow {
  draft_id: string;
  target_id: string;
  remote_id: string;
  url: string;
  slug: string;
  remote_status: string;
  remote_updated: string | null;
  content_hash: string;
  published_at: number;
  target_name?: string;
}

/** The states of a job that is not finished: waiting to start, under way, or waiting to try again. */
export const OPEN_STATES = `('queued','running','retrying')`;

export const JOB_SELECT =
  'SELECT j.*, t.name AS target_name FROM publish_jobs j JOIN publish_targets t ON t.id = j.target_id';

export async function loadJobRow(q: Queryable, id: string): Promise<JobRow> {
  const row = await q.get<JobRow>(`${JOB_SELECT} WHERE j.id = ?`, [id]);
  if (!row) throw new AppError('not_found', 'There is no such publish job.');
  return row;
}

/** Writes some of a job's columns (and its `updated_at`) in a transaction of their own, and reads the job back. */
export async function updateJobRow(
  ctx: StoreContext,
  id: string,
  fields: Partial<Omit<JobRow, 'id'>>,
): Promise<JobRow> {
  const entries = Object.entries({ ...fields, updated_at: ctx.now() });
  await ctx.db.transaction((tx) =>
    tx.run(`UPDATE publish_jobs SET ${entries.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`, [
      ...entries.map(([, v]) => v as never),
      id,
    ]),
  );
  return loadJobRow(ctx.db, id);
}

export function findPublication(q: Queryable, draftId: string, targetId: string): Promise<PublicationRow | undefined> {
  return q.get<PublicationRow>('SELECT * FROM publications WHERE draft_id = ? AND target_id = ?', [draftId, targetId]);
}
