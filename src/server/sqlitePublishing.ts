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

/** The desk's publishing tables in SQLite (sqliteStore.ts runs the migration and lends its connection). */

export const SQLITE_PUBLISHING_MIGRATION = `
  CREATE TABLE publish_targets (name TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT NOT NULL, user_name TEXT NOT NULL,
    options TEXT NOT NULL, sealed_secret TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE publish_jobs (id TEXT PRIMARY KEY, document TEXT NOT NULL, target TEXT NOT NULL,
    remote_status TEXT NOT NULL, requested_by TEXT NOT NULL, run_at TEXT NOT NULL, state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, post_url TEXT, post_sent_at TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE INDEX publish_jobs_due ON publish_jobs (state, run_at);
  CREATE INDEX publish_jobs_document ON publish_jobs (document, created_at);
  CREATE TABLE publish_media (target TEXT NOT NULL, image_id TEXT NOT NULL, remote_id TEXT NOT NULL, url TEXT NOT NULL,
    meta_hash TEXT NOT NULL, PRIMARY KEY (target, image_id));
  CREATE TABLE publish_posts (document TEXT NOT NULL, target TEXT NOT NULL, remote_id TEXT NOT NULL, url TEXT NOT NULL,
    remote_updated TEXT, PRIMARY KEY (document, target));`;

export interface SqliteRunner {
  run(sql: string, params: unknown[]): Promise<number>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export class SqlitePublishing implements PublishingStore {
  constructor(private readonly db: SqliteRunner) {}

  async saveTarget(target: Omit<ServerTarget, 'createdAt'>, sealedSecret: string): Promise<void> {
    await this.db.run(
      `INSERT INTO publish_targets (name, kind, url, user_name, options, sealed_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, url = excluded.url, user_name = excluded.user_name,
         options = excluded.options, sealed_secret = excluded.sealed_secret`,
      [
        target.name,
        target.kind,
        target.url,
        target.user,
        JSON.stringify(target.options),
        sealedSecret,
        new Date().toISOString(),
      ],
    );
  }

  async listTargets(): Promise<ServerTarget[]> {
    return (await this.db.all<TargetRow>('SELECT * FROM publish_targets ORDER BY name')).map(toTarget);
  }

  async loadTarget(name: string): Promise<{ target: ServerTarget; sealedSecret: string } | null> {
    const [row] = await this.db.all<TargetRow>('SELECT * FROM publish_targets WHERE name = ?', [name]);
    return row ? { target: toTarget(row), sealedSecret: row.sealed_secret } : null;
  }

  async removeTarget(name: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM publish_targets WHERE name = ?', [name])) > 0;
  }

  async addPublishJob(job: ServerPublishJob): Promise<void> {
    await this.db.run(
      `INSERT INTO publish_jobs (${JOB_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      jobInsertValues(job),
    );
  }

  async claimDueJob(now: string): Promise<ServerPublishJob | null> {
    // One statement: the pick and the claim cannot be split by another writer.
    const [row] = await this.db.all<JobRow>(
      `UPDATE publish_jobs SET state = 'running', updated_at = ?
       WHERE id = (SELECT id FROM publish_jobs WHERE state = 'waiting' AND run_at <= ? ORDER BY run_at, created_at LIMIT 1)
       RETURNING *`,
      [now, now],
    );
    return row ? toJob(row) : null;
  }

  async releaseRunningJobs(): Promise<number> {
    return this.db.run("UPDATE publish_jobs SET state = 'waiting' WHERE state = 'running'", []);
  }

  async updatePublishJob(id: string, patch: JobPatch): Promise<void> {
    const columns = jobPatchColumns(patch);
    await this.db.run(
      `UPDATE publish_jobs SET ${columns.map(([c]) => `${c} = ?`).join(', ')}${columns.length ? ', ' : ''}updated_at = ? WHERE id = ?`,
      [...columns.map(([, v]) => v), new Date().toISOString(), id],
    );
  }

  async publishJobs(document?: string): Promise<ServerPublishJob[]> {
    const rows = document
      ? await this.db.all<JobRow>('SELECT * FROM publish_jobs WHERE document = ? ORDER BY created_at DESC LIMIT 200', [
          document,
        ])
      : await this.db.all<JobRow>('SELECT * FROM publish_jobs ORDER BY created_at DESC LIMIT 200');
    return rows.map(toJob);
  }

  async sentMedia(target: string, imageId: string): Promise<(RemoteMedia & { metaHash: string }) | null> {
    const [row] = await this.db.all<{ remote_id: string; url: string; meta_hash: string }>(
      'SELECT remote_id, url, meta_hash FROM publish_media WHERE target = ? AND image_id = ?',
      [target, imageId],
    );
    return row ? { remoteId: row.remote_id, url: row.url, metaHash: row.meta_hash } : null;
  }

  async saveSentMedia(target: string, imageId: string, media: RemoteMedia, metaHash: string): Promise<void> {
    await this.db.run(
      `INSERT INTO publish_media (target, image_id, remote_id, url, meta_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(target, image_id) DO UPDATE SET remote_id = excluded.remote_id, url = excluded.url, meta_hash = excluded.meta_hash`,
      [target, imageId, media.remoteId, media.url, metaHash],
    );
  }

  async sentPost(document: string, target: string): Promise<SentPost | null> {
    const [row] = await this.db.all<{ remote_id: string; url: string; remote_updated: string | null }>(
      'SELECT remote_id, url, remote_updated FROM publish_posts WHERE document = ? AND target = ?',
      [document, target],
    );
    return row ? { remoteId: row.remote_id, url: row.url, remoteUpdated: row.remote_updated } : null;
  }

  async saveSentPost(document: string, target: string, post: SentPost): Promise<void> {
    await this.db.run(
      `INSERT INTO publish_posts (document, target, remote_id, url, remote_updated) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(document, target) DO UPDATE SET remote_id = excluded.remote_id, url = excluded.url,
         remote_updated = excluded.remote_updated`,
      [document, target, post.remoteId, post.url, post.remoteUpdated],
    );
  }
}
