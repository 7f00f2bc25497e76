import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerOf } from '../../src/publishing/piece';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { WORDPRESS, wpGet, type WordPressServer } from '../support/cms';
import { startFaultProxy, type FaultKind, type FaultProxy } from '../support/faultProxy';
import { createFixtureDraft } from '../support/fixtures';
import { need } from '../support/outside';
import { openTestStore, type TestStore } from '../support/store';

/**
 * Every fault a CMS or the network can throw at a publish, injected by a
 * proxy in front of the real WordPress: the job ends in the right state, the
 * draft is untouched, and once the fault clears a retry leaves exactly one
 * post. Faults that may have let the create through (5xx, reset, no answer,
 * trickle, garbled JSON) are injected after the request reached WordPress.
 * A redirect on the create stops it: followed, 301/302/303 would arrive as a
 * GET, and a 307 would take the post and the credentials to another origin.
 */

/** Null (and this file skips, saying why) where no WordPress can be had. */
const wordpress = await need(WORDPRESS, __filename);
let wp: WordPressServer;
let proxy: FaultProxy;
let store: TestStore;
const logs: string[] = [];
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  wp = wordpress!;
  proxy = await startFaultProxy(wp.url);
  store = await openTestStore({
    publish: {
      secrets: new MemorySecretStore({ Faulty: wp.appPassword }),
      timeoutMs: 2_000,
      inlineAttempts: 1,
      sleep: async () => undefined,
      log: (line) => logs.push(line),
    },
  });
  await store.call('targets.add', { name: 'Faulty', kind: 'wordpress', url: proxy.url, user: wp.user });
});

afterAll(async () => {
  await proxy?.close();
  await store?.close();
});

async function postsWithMarker(draftId: string): Promise<number[]> {
  return (
    await wpGet<Array<{ id: number }>>(
      wp,
      `posts?search=${encodeURIComponent(markerOf(draftId))}&status=publish,draft,pending&context=edit&_fields=id`,
    )
  ).map((p) => p.id);
}

const RETRYING: Record<FaultKind, boolean> = {
  '301': false,
  '302': false,
  '303': false,
  '307': false,
  '401': false,
  '403': false,
  '404': false,
  '409': false,
  '413': false,
  '429': true,
  '500': true,
  '502': true,
  reset: true,
  hang: true,
  trickle: true,
  'invalid-json': true,
};
const REACHES_SERVER = new Set<FaultKind>(['500', '502', 'reset', 'hang', 'trickle', 'invalid-json']);
const REASON: Partial<Record<FaultKind, RegExp>> = {
  '301': /redirect \(HTTP 301\) to \/copydesk-landing/,
  '302': /redirect \(HTTP 302\) to \/copydesk-landing/,
  '303': /redirect \(HTTP 303\) to \/copydesk-landing/,
  '307': /redirect \(HTTP 307\) to http:\/\/127\.0\.0\.1:\d+\/wp-json\/wp\/v2\/posts/,
  '401': /refused the credentials/,
  '403': /no permission/,
  '404': /found nothing at that address/,
  '409': /conflict/,
  '413': /too large/,
  '429': /slow down/,
  hang: /did not answer within/,
  trickle: /did not answer within/,
  reset: /connection was cut|Could not reach/,
  'invalid-json': /not JSON/,
};

describe.skipIf(!wordpress)('publishing through faults', () => {
  for (const kind of Object.keys(RETRYING) as FaultKind[]) {
    it(`${kind} on the create: the job ${RETRYING[kind] ? 'waits to retry' : 'stops with a reason'}, the draft is untouched, and a retry leaves one post`, async () => {
      let draft = await createFixtureDraft(store.handlers, 'energy-truce-analysis');
      const saved = await store.call('drafts.save', {
        id: draft.id,
        expectedVersion: draft.version,
        slug: `fault-${kind}-${run}`,
        reason: 'manual',
      });
      if (saved.kind !== 'saved') throw new Error('could not set the slug');
      draft = saved.draft;
      const before = JSON.stringify(draft);

      proxy.fault = {
        kind,
        match: (method, path) => method === 'POST' && /^\/wp-json\/wp\/v2\/posts\?/.test(path),
        forward: REACHES_SERVER.has(kind),
      };
      const outcome = await store.call('publish.run', { draftId: draft.id, target: 'Faulty', status: 'publish' });
      if (outcome.kind !== 'job') throw new Error(outcome.message);
      expect(outcome.job.state).toBe(RETRYING[kind] ? 'retrying' : 'failed');
      expect(outcome.job.lastError).toMatch(REASON[kind] ?? new RegExp(`HTTP ${kind}`));
      expect(JSON.stringify(await store.call('drafts.get', { id: draft.id }))).toBe(before);
      expect((await store.call('publish.status', { draftId: draft.id })).publications).toEqual([]);

      proxy.fault = null;
      const retried = RETRYING[kind]
        ? await store.outbox.run(outcome.job.id)
        : await store
            .call('publish.run', { draftId: draft.id, target: 'Faulty', status: 'publish' })
            .then((o) => (o.kind === 'job' ? o.job : null));
      expect(retried?.state).toBe('done');
      expect(await postsWithMarker(draft.id)).toHaveLength(1);
      expect((await store.call('drafts.get', { id: draft.id })).status).toBe('published');
    });
  }

  it('never writes the secret into the database, the log or an export', async () => {
    await store.ctx.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const files = readdirSync(store.dir).filter((f) => f.startsWith('copydesk.db'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      expect(readFileSync(join(store.dir, file)).includes(Buffer.from(wp.appPassword))).toBe(false);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(wp.appPassword);
    const targets = await store.call('targets.list', {});
    expect(JSON.stringify(targets)).not.toContain(wp.appPassword);
    expect(targets.find((t) => t.name === 'Faulty')).toMatchObject({ secretSet: true });
    const jobs = await store.call('publish.jobs', { limit: 500 });
    expect(JSON.stringify(jobs)).not.toContain(wp.appPassword);
  });
});
