import type pg from 'pg';
import type { RemoteMedia } from '../publishing/adapter';
import {
  jobPatchColumns,
  type JobPatch,
  type PublishingStore,
  type SentPost,
  type ServerPublishJob,
  type ServerTarget,
} from './publishing';
import { JOB_INSERT_COLUMNS, jobInsertValues, type JobRow, type TargetRow, toJob, toTarget } from './storeRows';

/** The desk's publishing tables in PostgreSQL (postgresStore.ts runs the migration and lends its pool). */

export const POSTGRES_PUBLISHING_MIGRATION = `
  CREATE TABLE desk_publish_targets (name TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT NOT NULL, user_name TEXT NOT NULL,
    options JSONB NOT NULL, sealed_secret TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
  CREATE TABLE desk_publish_jobs (id TEXT PRIMARY KEY, document TEXT NOT NULL, target TEXT NOT NULL,
    remote_status TEXT NOT NULL, requested_by TEXT NOT NULL, run_at TIMESTAMPTZ NOT NULL, state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, post_url TEXT, post_sent_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
  CREATE INDEX desk_publish_jobs_due ON desk_publish_jobs (state, run_at);
  CREATE INDEX desk_publish_jobs_document ON desk_publish_jobs (document, created_at);
  CREATE TABLE desk_publish_media (target TEXT NOT NULL, image_id TEXT NOT NULL, remote_id TEXT NOT NULL, url TEXT NOT NULL,
    meta_hash TEXT NOT NULL, PRIMARY KEY (target, image_id));
  CREATE TABLE desk_publish_posts (document TEXT NOT NULL, target TEXT NOT NULL, remote_id TEXT NOT NULL, url TEXT NOT NULL,
    remote_updated TEXT, PRIMARY KEY (document, target));`;

export class PostgresPublishing implements PublishingStore {
  constructor(private readonly pool: pg.Pool) {}

  async saveTarget(target: Omit<ServerTarget, 'createdAt'>, sealedSecret: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO desk_publish_targets (name, kind, url, user_name, options, sealed_secret) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url, user_name = excluded.user_name,
         options = excluded.options, sealed_secret = excluded.sealed_secret`,
      [target.name, target.kind, target.url, target.user, JSON.stringify(target.options), sealedSecret],
    );
  }

  async listTargets(): Promise<ServerTarget[]> {
    return (await this.pool.query<TargetRow>('SELECT * FROM desk_publish_targets ORDER BY name')).rows.map(toTarget);
  }

  async loadTarget(name: string): Promise<{ target: ServerTarget; sealedSecret: string } | null> {
    const { rows } = await this.pool.query<TargetRow>('SELECT * FROM desk_publish_targets WHERE name = $1', [name]);
    return rows[0] ? { target: toTarget(rows[0]), sealedSecret: rows[0].sealed_secret } : null;
  }

  async removeTarget(name: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM desk_publish_targets WHERE name = $1', [name])).rowCount ?? 0) > 0;
  }

  async addPublishJob(job: ServerPublishJob): Promise<void> {
    await this.pool.query(
      `INSERT INTO desk_publish_jobs (${JOB_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      jobInsertValues(job),
    );
  }

  async claimDueJob(now: string): Promise<ServerPublishJob | null> {
    // SKIP LOCKED: another instance claiming at the same moment takes the next job, never this one.
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE desk_publish_jobs SET state = 'running', updated_at = now()
       WHERE id = (SELECT id FROM desk_publish_jobs WHERE state = 'waiting' AND run_at <= $1
                   ORDER BY run_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  async releaseRunningJobs(): Promise<number> {
    // With several instances, a job another one is running now would be taken twice: only jobs stale for 10 minutes wait again.
    const result = await this.pool.query(
      `UPDATE desk_publish_jobs SET state = 'waiting' WHERE state = 'running' AND updated_at < now() - interval '10 minutes'`,
    );
    return result.rowCount ?? 0;
  }

  async updatePublishJob(id: string, patch: JobPatch): Promise<void> {
    const columns = jobPatchColumns(patch);
    await this.pool.query(
      `UPDATE desk_publish_jobs SET ${columns.map(([c], i) => `${c} = $${i + 1}`).join(', ')}${columns.length ? ', ' : ''}updated_at = now()
       WHERE id = $${columns.length + 1}`,
      [...columns.map(([, v]) => v), id],
    );
  }

  async publishJobs(document?: string): Promise<ServerPublishJob[]> {
    const { rows } = document
      ? await this.pool.query<JobRow>(
          'SELECT * FROM desk_publish_jobs WHERE document = $1 ORDER BY created_at DESC LIMIT 200',
          [document],
        )
      : await this.pool.query<JobRow>('SELECT * FROM desk_publish_jobs ORDER BY created_at DESC LIMIT 200');
    return rows.map(toJob);
  }

  async sentMedia(target: string, imageId: string): Promise<(RemoteMedia & { metaHash: string }) | null> {
    const { rows } = await this.pool.query<{ remote_id: string; url: string; meta_hash: string }>(
      'SELECT remote_id, url, meta_hash FROM desk_publish_media WHERE target = $1 AND image_id = $2',
      [target, imageId],
    );
    return rows[0] ? { remoteId: rows[0].remote_id, url: rows[0].url, metaHash: rows[0].meta_hash } : null;
  }

  async saveSentMedia(target: string, imageId: string, media: RemoteMedia, metaHash: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO desk_publish_media (target, image_id, remote_id, url, meta_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (target, image_id) DO UPDATE SET remote_id = excluded.remote_id, url = excluded.url, meta_hash = excluded.meta_hash`,
      [target, imageId, media.remoteId, media.url, metaHash],
    );
  }

  async sentPost(document: string, target: string): Promise<SentPost | null> {
    const { rows } = await this.pool.query<{ remote_id: string; url: string; remote_updated: string | null }>(
      'SELECT remote_id, url, remote_updated FROM desk_publish_posts WHERE document = $1 AND target = $2',
      [document, target],
    );
    return rows[0] ? { remoteId: rows[0].remote_id, url: rows[0].url, remoteUpdated: rows[0].remote_updated } : null;
  }

  async saveSentPost(document: string, target: string, post: SentPost): Promise<void> {
    await this.pool.query(
      `INSERT INTO desk_publish_posts (document, target, remote_id, url, remote_updated) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (document, target) DO UPDATE SET remote_id = excluded.remote_id, url = excluded.url,
         remote_updated = excluded.remote_updated`,
      [document, target, post.remoteId, post.url, post.remoteUpdated],
    );
  }
}
