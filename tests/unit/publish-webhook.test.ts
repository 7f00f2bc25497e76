import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { createFixtureDraft } from '../support/fixtures';
import { openTestStore, type TestStore } from '../support/store';

/** The signed webhook, received by a small server on 127.0.0.1 that verifies it as the README says. */

const SECRET = 'webhook-secret-3f9a1c77e2b04d5e';
let server: Server;
let url = '';
let store: TestStore;
const received: Array<{ headers: IncomingHttpHeaders; body: string; valid: boolean }> = [];
let answer: { status: number; body: string } = {
  status: 200,
  body: JSON.stringify({ id: 'item-1', url: 'https://cms.example/item-1' }),
};

function verify(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const timestamp = String(headers['x-copydesk-timestamp']);
  const given = Buffer.from(String(headers['x-copydesk-signature'] ?? ''));
  const expected = Buffer.from(
    'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex'),
  );
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 5 * 60;
  return fresh && given.length === expected.length && timingSafeEqual(given, expected);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req
      .on('data', (c: Buffer) => (body += c.toString('utf8')))
      .on('end', () => {
        received.push({ headers: req.headers, body, valid: verify(SECRET, req.headers, body) });
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  store = await openTestStore({ publish: { secrets: new MemorySecretStore({ Hook: SECRET }), inlineAttempts: 1 } });
  await store.call('targets.add', { name: 'Hook', kind: 'webhook', url });
});

afterAll(async () => {
  await store?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('publishing to a signed webhook', () => {
  it('sends the whole piece, signed; updates carry the remote id; unchanged sends nothing', async () => {
    expect(await store.call('targets.test', { id: 'Hook' })).toEqual({
      ok: true,
      message: expect.stringContaining('accepted'),
    });
    expect(received.at(-1)).toMatchObject({ valid: true, headers: { 'x-copydesk-event': 'ping' } });

    const draft = await createFixtureDraft(store.handlers, 'energy-truce-analysis');
    const outcome = await store.call('publish.run', { draftId: draft.id, target: 'Hook', status: 'publish' });
    if (outcome.kind !== 'job') throw new Error(outcome.message);
    expect(outcome.job).toMatchObject({ state: 'done', remoteId: 'item-1', url: 'https://cms.example/item-1' });
    const delivery = received.at(-1)!;
    expect(delivery.valid).toBe(true);
    expect(delivery.headers['x-copydesk-delivery']).toBe(outcome.job.id);
    const payload = JSON.parse(delivery.body) as Record<string, unknown> & {
      images: Array<{ dataBase64?: string; caption: string }>;
    };
    expect(payload).toMatchObject({
      version: 1,
      event: 'publish',
      draftId: draft.id,
      remoteId: null,
      headline: draft.headline,
      dek: draft.dek,
      tags: draft.tags,
      section: draft.section,
    });
    expect(payload.images).toHaveLength(2);
    for (const image of payload.images) expect(image.dataBase64!.length).toBeGreaterThan(100);
    expect(payload.html).toContain('<img src="images/');
    expect(payload.markdown).toMatch(/^---\n/);

    const edited = await store.call('drafts.save', {
      id: draft.id,
      expectedVersion: (await store.call('drafts.get', { id: draft.id })).version,
      dek: 'New dek',
      reason: 'manual',
    });
    if (edited.kind !== 'saved') throw new Error('edit failed');
    await store.call('publish.run', { draftId: draft.id, target: 'Hook', status: 'publish' });
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ remoteId: 'item-1', dek: 'New dek' });

    const count = received.length;
    expect((await store.call('publish.run', { draftId: draft.id, target: 'Hook', status: 'publish' })).kind).toBe(
      'unchanged',
    );
    expect(received.length).toBe(count);
  });

  it('stops on a refusal with the receiver’s words, and the draft stays as it was', async () => {
    const draft = await createFixtureDraft(store.handlers, 'minimal');
    answer = { status: 401, body: JSON.stringify({ message: 'bad signature' }) };
    // Sent as a draft on the receiving side: this piece is not ready to go live (see below).
    const outcome = await store.call('publish.run', { draftId: draft.id, target: 'Hook', status: 'draft' });
    answer = { status: 200, body: '' };
    if (outcome.kind !== 'job') throw new Error(outcome.message);
    expect(outcome.job.state).toBe('failed');
    expect(outcome.job.lastError).toMatch(/refused the credentials.*bad signature/);
    expect(await store.call('drafts.get', { id: draft.id })).toEqual(draft);
    const again = await store.call('publish.run', { draftId: draft.id, target: 'Hook', status: 'draft' });
    expect(again.kind === 'job' && again.job).toMatchObject({ state: 'done', remoteId: draft.id });
  });

  it('sends nothing live while the pre-publish check finds errors, whoever asks, until an editor approves it', async () => {
    const draft = await createFixtureDraft(store.handlers, 'minimal');
    const problems = (await store.call('drafts.check', { id: draft.id })).filter((p) => p.severity === 'error');
    expect(problems.length).toBeGreaterThan(0);
    const count = received.length;
    const refused = await store.call('publish.run', { draftId: draft.id, target: 'Hook', status: 'publish' }).then(
      () => null,
      (err: unknown) => err as { code: string; message: string },
    );
    expect(refused?.code).toBe('check_failed');
    expect(refused?.message).toContain(problems[0]!.message);
    // The command line meets the same rule.
    const { runCli } = await import('../../src/main/cli/index');
    const err: string[] = [];
    const code = await runCli(['publish', draft.id, '--target', 'Hook', '--status', 'publish', '--db', store.dbPath], {
      out: () => undefined,
      err: (t) => err.push(t),
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/pre-publish check found .* before this piece goes live/);
    expect(received.length).toBe(count);
    expect(await store.call('publish.jobs', { draftId: draft.id, limit: 50 })).toEqual([]);

    // An editor approves it over the check, with a reason on the record; then it may go live.
    await store.call('profile.set', { name: 'Desk Editor', role: 'editor' });
    const review = await store.call('drafts.setStatus', {
      id: draft.id,
      expectedVersion: draft.version,
      status: 'in_review',
    });
    if (review.kind !== 'saved') throw new Error(review.kind);
    const approved = await store.call('drafts.setStatus', {
      id: draft.id,
      expectedVersion: review.draft.version,
      status: 'approved',
      override: 'brief runs without art',
    });
    expect(approved.kind).toBe('saved');
    const live = await store.call('publish.run', { draftId: draft.id, target: 'Hook', status: 'publish' });
    expect(live.kind === 'job' && live.job.state).toBe('done');
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ draftId: draft.id, status: 'publish' });
  });
});
