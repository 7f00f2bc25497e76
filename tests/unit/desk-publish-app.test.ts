import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/publish/secrets';
import { sealSecret } from '../../src/server/secretBox';
import { WORDPRESS, wpGet } from '../support/cms';
import { until } from '../support/desk';
import { need } from '../support/outside';
import { openTestStore, type TestStore } from '../support/store';
import { type LocalDesk, startLocalDesk } from '../support/localDesk';
import { cleanupAfterEach } from './_cleanup';
import { doc, expectAppError } from './_support';

/**
 * Publishing a shared piece from the app through the desk (#14): an editor's
 * machine orders it, the desk's server sends it to the real WordPress with the
 * newsroom's sealed secret, and the writer's machine, which holds no CMS
 * password, sees the piece published with the post's address.
 */

const { folder, track } = cleanupAfterEach();
const wordpress = await need(WORDPRESS, __filename);
const key = randomBytes(32);

let desk: LocalDesk;
const token = { ada: '', ed: '' };

beforeAll(async () => {
  desk = await startLocalDesk({
    folderPrefix: 'copydesk-desk-publish-app-',
    writer: 'Ada',
    editor: 'Ed',
    prepare: async (store) => {
      if (wordpress)
        await store.publishing.saveTarget(
          { name: 'Main site', kind: 'wordpress', url: wordpress.url, user: wordpress.user, options: {} },
          sealSecret(key, wordpress.appPassword),
        );
      return { secretKey: key, publishPollMs: 200 };
    },
  });
  token.ada = desk.writerToken;
  token.ed = desk.editorToken;
  return () => desk.close();
});

async function machine(who: string): Promise<TestStore> {
  const store = await track(
    openTestStore({
      dir: folder(),
      publish: { secrets: new MemorySecretStore({}), inlineAttempts: 1 },
      deskLive: { reconnectDelayMs: 100, timeoutMs: 20_000 },
    }),
  );
  await store.call('desk.join', { url: desk.url, token: who });
  await until('the app to be online', async () => (await store.call('desk.status', {})).live.state === 'online');
  return store;
}

describe('publishing a shared piece through the desk', () => {
  it.skipIf(!wordpress)(
    'an editor publishes with the desk’s target; the writer, who holds no CMS password, sees the post’s address',
    async () => {
      const ada = await machine(token.ada);
      const ed = await machine(token.ed);
      const headline = `Tram line opens ${randomBytes(4).toString('hex')}`;
      const draft = await ada.call('drafts.create', {
        headline,
        dek: 'First riders at dawn',
        section: 'Local',
        tags: ['transport'],
        byline: ['Ada Lovelace'],
        body: doc('The first tram left at six.', 'It was full.'),
        // An archive piece: the post keeps the day it first ran, as the app's own publish sends it.
        datePublished: '2019-06-01T08:30:00+02:00',
      });
      const local = await ada.call('drafts.create', { headline: 'Not shared', body: doc('Mine alone.') });
      await ada.call('desk.share', { draftId: draft.id });
      await ada.call('desk.sync', {});
      await ed.call('desk.sync', {});
      const listed = (await ed.call('desk.list', {})).find((p) => p.headline === headline)!;
      const { draftId: edDraft } = await ed.call('desk.take', { document: listed.document });

      expect(await ed.call('desk.targets', {})).toEqual([
        { name: 'Main site', kind: 'wordpress', url: wordpress!.url },
      ]);
      await expectAppError(
        ada.call('desk.publish', { draftId: local.id, target: 'Main site', remoteStatus: 'draft' }),
        'not_found',
      );
      // Not approved yet: the desk holds a live publish.
      await expectAppError(
        ed.call('desk.publish', { draftId: edDraft, target: 'Main site', remoteStatus: 'publish' }),
        'invalid_transition',
      );
      await ada.call('desk.request', { draftId: draft.id, action: 'submit', expected: 'draft' });
      await until(
        'the editor to see it in review',
        async () => (await ed.call('drafts.get', { id: edDraft })).status === 'in_review',
      );
      await ed.call('desk.request', {
        draftId: edDraft,
        action: 'approve',
        expected: 'in_review',
        override: true,
        reason: 'Read it.',
      });
      await expectAppError(
        ada.call('desk.publish', { draftId: draft.id, target: 'Main site', remoteStatus: 'publish' }),
        'forbidden',
      );

      const job = await ed.call('desk.publish', { draftId: edDraft, target: 'Main site', remoteStatus: 'publish' });
      expect(job).toMatchObject({ state: 'waiting', requestedBy: 'Ed', target: 'Main site' });
      await until(
        'the writer to see the piece published',
        async () => (await ada.call('drafts.get', { id: draft.id })).status === 'published',
        60_000,
      );
      const [done] = await ada.call('desk.publishJobs', { draftId: draft.id });
      expect(done).toMatchObject({ state: 'done', postUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8088\//) });
      const board = await ada.call('desk.board', {});
      expect(board.pieces.find((p) => p.document === listed.document)).toMatchObject({
        status: 'published',
        postUrl: done!.postUrl,
      });
      const posts = await wpGet<Array<{ title: { rendered: string }; date_gmt: string }>>(
        wordpress!,
        `posts?search=${encodeURIComponent(headline)}`,
      );
      expect(posts.map((p) => [p.title.rendered, p.date_gmt])).toEqual([[headline, '2019-06-01T06:30:00']]);
      await until('the writer to be told', async () =>
        (await ada.call('desk.notifications', {})).items.some(
          (n) => n.kind === 'published' && n.text.includes(done!.postUrl!),
        ),
      );
    },
  );

  it('carries a piece’s own dates to the other machine, back, and into the desk’s publish', async () => {
    // The CMS: a webhook that keeps what the desk sent and answers with the post's address.
    const sent: Array<Record<string, unknown>> = [];
    const cms = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        sent.push(JSON.parse(text) as Record<string, unknown>);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'post-1', url: 'https://archive.example.org/harbour' }));
      });
    });
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve));
    try {
      await desk.store.publishing.saveTarget(
        {
          name: 'Archive',
          kind: 'webhook',
          url: `http://127.0.0.1:${(cms.address() as AddressInfo).port}/hook`,
          user: '',
          options: {},
        },
        sealSecret(key, 'a webhook secret'),
      );
      const ada = await machine(token.ada);
      const ed = await machine(token.ed);
      const draft = await ada.call('drafts.create', {
        headline: 'Harbour wall rebuilt',
        byline: ['Ada Lovelace'],
        body: doc('The wall went up in 1887.'),
        datePublished: '2019-06-01T08:30:00+02:00',
        dateModified: '2019-06-02',
      });
      await ada.call('desk.share', { draftId: draft.id });
      await ada.call('desk.sync', {});
      await ed.call('desk.sync', {});
      const listed = (await ed.call('desk.list', {})).find((p) => p.headline === 'Harbour wall rebuilt')!;
      const { draftId: edDraft } = await ed.call('desk.take', { document: listed.document });
      const onEd = await ed.call('drafts.get', { id: edDraft });
      expect(onEd).toMatchObject({ datePublished: '2019-06-01T08:30:00+02:00', dateModified: '2019-06-02' });

      // The editor dates an update; the writer's machine takes it in like any other field.
      await ed.call('drafts.save', {
        id: edDraft,
        expectedVersion: onEd.version,
        reason: 'manual',
        dateModified: '2024-01-15T09:00:00Z',
      });
      await ed.call('desk.sync', {});
      await until(
        'the writer’s machine to take the new date',
        async () => (await ada.call('drafts.get', { id: draft.id })).dateModified === '2024-01-15T09:00:00Z',
      );
      await ada.call('desk.sync', {});
      expect(await ada.call('drafts.get', { id: draft.id })).toMatchObject({
        datePublished: '2019-06-01T08:30:00+02:00',
      });

      // The desk publishes from its document: the dates go with the piece.
      await ed.call('desk.publish', { draftId: edDraft, target: 'Archive', remoteStatus: 'draft' });
      await until('the desk to send it', () => sent.length > 0, 60_000);
      expect(sent[0]).toMatchObject({
        headline: 'Harbour wall rebuilt',
        status: 'draft',
        published: '2019-06-01T08:30:00+02:00',
        updated: '2024-01-15T09:00:00Z',
      });
    } finally {
      await new Promise<void>((resolve) => cms.close(() => resolve()));
    }
  });

  it('says publishing from the desk needs the connection, and sends nothing, when the desk is away', async () => {
    const ed = await machine(token.ed);
    const draft = await ed.call('drafts.create', { headline: 'Offline order', body: doc('Words.') });
    await ed.call('desk.share', { draftId: draft.id });
    await ed.call('desk.sync', {});
    await desk.stop();
    await until(
      'the app to see the desk gone',
      async () => (await ed.call('desk.status', {})).live.state === 'offline',
    );
    const offline = ed.call('desk.publish', { draftId: draft.id, target: 'Main site', remoteStatus: 'draft' });
    await expect(offline).rejects.toThrow(/needs the connection to the desk/);
    await desk.restart();
    const [shared] = (await ed.call('desk.status', {})).pieces.filter((p) => p.draftId === draft.id);
    expect((await desk.store.publishing.publishJobs()).map((j) => j.document)).not.toContain(shared!.document);
  });
});
