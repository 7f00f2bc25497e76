import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode, PROJECT_ROOT } from '../../scripts/lib/bundle-node.mjs';
import { MemorySecretStore, secretEnvName } from '../../src/main/publish/secrets';
import { recordingFetch, WORDPRESS, wpGet, type WordPressServer } from '../support/cms';
import { createFixtureDraft } from '../support/fixtures';
import { need } from '../support/outside';
import { openTestStore, tempDir } from '../support/store';

/**
 * Kill -9 in the middle of a publish to a real WordPress: a child process
 * (tests/support/publish-victim.ts) publishes the two-image
 * energy-truce-analysis piece and is killed the moment the outbox has
 * committed a step. Reopening the store and resuming the outbox, as the app
 * does at start, must finish the job with exactly one post on the server
 * and without uploading any image a second time.
 */

const TARGET = 'Local WP';
const buildDir = join(PROJECT_ROOT, 'node_modules', '.cache', `copydesk-publish-crash-${process.pid}`);
/** Null (and this file skips, saying why) where no WordPress can be had. */
const wordpress = await need(WORDPRESS, __filename);
let victim = '';
let wp: WordPressServer;

beforeAll(async () => {
  wp = wordpress!;
  [victim] = (await bundleForNode(['tests/support/publish-victim.ts'], buildDir)) as [string];
});

afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

/** Runs the victim until it says it reached `step`, then SIGKILLs it. */
function publishAndKill(
  dbPath: string,
  draftId: string,
  step: string,
): Promise<{ jobId: string; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [victim, dbPath, draftId, TARGET, step], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [secretEnvName(TARGET)]: wp.appPassword },
    });
    let jobId = '';
    let stderr = '';
    const deadline = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const reached = new RegExp(`^reached ${step} (\\S+)$`, 'm').exec(chunk);
      if (reached) {
        jobId = reached[1]!;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(deadline);
      resolve({ jobId, signal, stderr });
    });
  });
}

async function postsWithSlug(slug: string): Promise<number[]> {
  return (
    await wpGet<Array<{ id: number }>>(wp, `posts?slug=${slug}&status=draft,pending,publish,future&context=edit`)
  ).map((p) => p.id);
}

describe.skipIf(!wordpress)('a publish killed between steps resumes after a restart', () => {
  it.each([
    ['media:first', 'after one of the two images was uploaded'],
    ['media', 'after the images were uploaded, before the post'],
    ['post', 'after the post was created, before it was recorded'],
  ])(
    'killed %s (%s): one post, no image uploaded twice',
    async (step) => {
      const { dir, cleanup } = tempDir();
      try {
        const dbPath = join(dir, 'copydesk.db');
        const slug = `kill-after-${step.replace(':', '-')}-${randomBytes(4).toString('hex')}`;
        const setup = await openTestStore({ dir, dbPath, now: Date.now });
        const created = await createFixtureDraft(setup.handlers, 'energy-truce-analysis');
        const saved = await setup.call('drafts.save', {
          id: created.id,
          expectedVersion: created.version,
          slug,
          reason: 'manual',
        });
        if (saved.kind !== 'saved') throw new Error('could not set the slug');
        await setup.call('targets.add', { name: TARGET, kind: 'wordpress', url: wp.url, user: wp.user });
        await setup.close();

        const killed = await publishAndKill(dbPath, created.id, step);
        expect(killed.signal, killed.stderr).toBe('SIGKILL');
        expect(killed.jobId).not.toBe('');

        const recorder = recordingFetch();
        const store = await openTestStore({
          dir,
          dbPath,
          now: Date.now,
          publish: { secrets: new MemorySecretStore({ [TARGET]: wp.appPassword }), fetch: recorder.fetch },
        });
        try {
          const before = await store.outbox.getJob(killed.jobId);
          expect(before.state).toBe('running');
          expect(before.step).toBe({ 'media:first': 'media', media: 'post', post: 'record' }[step]);
          const draftBefore = await store.call('drafts.get', { id: created.id });

          const [resumed] = await store.outbox.resumeDue();
          expect(resumed).toMatchObject({ id: killed.jobId, state: 'done', step: 'done' });
          const uploads = recorder.requests.filter((r) => r.method === 'POST' && /\/wp\/v2\/media/.test(r.url));
          expect(uploads.length, 'only the image not uploaded before the kill is sent').toBe(
            step === 'media:first' ? 1 : 0,
          );
          const creates = recorder.requests.filter(
            (r) => r.method === 'POST' && /\/wp\/v2\/posts\/?(\?|$)/.test(r.url),
          );
          expect(creates.length, 'the post is created once, before the kill or after it').toBe(step === 'post' ? 0 : 1);

          const ids = await postsWithSlug(slug);
          expect(ids).toHaveLength(1);
          const { publications } = await store.call('publish.status', { draftId: created.id });
          expect(publications.map((p) => p.remoteId)).toEqual([String(ids[0])]);
          // A draft-status publish leaves the piece as it was.
          const draftAfter = await store.call('drafts.get', { id: created.id });
          expect(draftAfter.version).toBe(draftBefore.version);
          expect(draftAfter.body).toEqual(draftBefore.body);
        } finally {
          await store.close();
        }
      } finally {
        cleanup();
      }
    },
    180_000,
  );
});
