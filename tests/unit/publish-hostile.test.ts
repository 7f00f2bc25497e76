import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/index';
import { ghostToken } from '../../src/publishing/ghost';
import { redact, REDACTED } from '../../src/publishing/redact';
import { MemorySecretStore, secretEnvName } from '../../src/main/publish/secrets';
import { WEBHOOK_HEADERS } from '../../src/publishing/webhook';
import { createFixtureDraft } from '../support/fixtures';
import {
  fetchTrusting,
  json,
  makeCertificates,
  startServer,
  type Received,
  type TestCertificates,
  type TestServer,
} from '../support/hostileServers';
import { openTestStore, tempDir, type TestStore } from '../support/store';

/**
 * Servers that answer what a publish must not take for success: redirects,
 * HTML where JSON was promised, bad certificates, and error pages that echo
 * the request (and so the credentials) back. Each runs on 127.0.0.x; the
 * "other host" is 127.0.0.2, a different origin on the same machine.
 */

const WEBHOOK_SECRET = 'whsec-7c1e0a9b5d3f4e2a8b6c';
const WP_USER = 'editor';
const WP_PASSWORD = 'AbCd EfGh IjKl MnOp QrSt UvWx';
const GHOST_KEY = `6489f1a0c2b3d4e5f6a7b8c9:${'5e'.repeat(8)}${'a1b2c3d4'.repeat(6)}`;

let store: TestStore;
let secrets: MemorySecretStore;
let certs: TestCertificates;
const logs: string[] = [];
const events: string[] = [];
const servers: TestServer[] = [];
let counter = 0;

async function server(
  handler: (req: Received, res: ServerResponse) => void,
  options: Parameters<typeof startServer>[1] = {},
): Promise<TestServer> {
  const started = await startServer(handler, options);
  servers.push(started);
  return started;
}

/** A new target of `kind` at `url`, with a secret; its name. */
async function target(
  kind: 'wordpress' | 'ghost' | 'webhook',
  url: string,
  secret = { wordpress: WP_PASSWORD, ghost: GHOST_KEY, webhook: WEBHOOK_SECRET }[kind],
): Promise<string> {
  const name = `${kind}-${++counter}`;
  await store.call('targets.add', { name, kind, url, user: kind === 'wordpress' ? WP_USER : '', secret });
  return name;
}

/** A piece that may go live (the full fixture passes the pre-publish check). */
const livePiece = () => createFixtureDraft(store.handlers, 'energy-truce-analysis');

async function publishJob(draftId: string, targetName: string, status: 'draft' | 'publish' = 'publish') {
  const outcome = await store.call('publish.run', { draftId, target: targetName, status });
  if (outcome.kind !== 'job') throw new Error(outcome.message);
  return outcome.job;
}

/** A page a redirect may lead to: what fetch used to take as a delivery. */
const htmlPage = (res: ServerResponse) =>
  res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><body><h1>Welcome</h1></body></html>');

/** A WordPress as far as "Test connection" and a draft publish need. */
function fakeWordPress(req: Received, res: ServerResponse): void {
  const path = req.path.split('?')[0]!;
  if (path === '/wp-json/') return json(res, 200, { name: 'Fake WP', namespaces: ['wp/v2'] });
  if (path === '/wp-json/wp/v2/users/me/' || path === '/wp-json/wp/v2/users/me') {
    return json(res, 200, {
      name: WP_USER,
      capabilities: { publish_posts: true, upload_files: true, manage_categories: true },
    });
  }
  if (req.method === 'POST' && /^\/wp-json\/wp\/v2\/posts\/?$/.test(path)) {
    return json(res, 201, {
      id: 41,
      link: 'https://wp.example/?p=41',
      slug: 'untitled-pitch',
      status: 'draft',
      modified_gmt: '2026-01-01T00:00:00',
    });
  }
  json(res, 404, { code: 'rest_no_route', message: 'No route.' });
}

beforeAll(async () => {
  certs = makeCertificates(tempDir('copydesk-certs-').dir);
  secrets = new MemorySecretStore();
  store = await openTestStore({
    publish: {
      secrets,
      timeoutMs: 5_000,
      inlineAttempts: 3,
      sleep: async () => undefined,
      backoff: () => 0,
      log: (line) => logs.push(line),
      onEvent: (event) => events.push(`${event.message}\n${JSON.stringify(event.job)}`),
    },
  });
});

afterAll(async () => {
  await store?.close();
  await Promise.all(servers.map((s) => s.close()));
});

describe('redirects are never followed into a false success', () => {
  for (const status of [301, 302, 303] as const) {
    it(`a webhook answering ${status} to an HTML page: the job fails naming the Location, and the piece is not marked published`, async () => {
      const hook = await server((req, res) =>
        req.method === 'POST' ? res.writeHead(status, { Location: '/welcome' }).end() : htmlPage(res),
      );
      const name = await target('webhook', `${hook.url}/hook`);
      const draft = await livePiece();
      const job = await publishJob(draft.id, name);
      expect(job.state).toBe('failed');
      expect(job.lastError).toMatch(new RegExp(`redirect \\(HTTP ${status}\\) to /welcome`));
      expect(job.lastError).toMatch(/change the target's URL/);
      expect(hook.received.map((r) => r.method)).toEqual(['POST']);
      expect((await store.call('drafts.get', { id: draft.id })).status).not.toBe('published');
      expect((await store.call('publish.status', { draftId: draft.id })).publications).toEqual([]);
    });
  }

  it('Ghost answering the create with 302 to its sign-in page: the job fails naming the Location, nothing is recorded', async () => {
    const ghost = await server((req, res) => {
      if (req.path.startsWith('/ghost/api/admin/site/'))
        return json(res, 200, { site: { title: 'Fake Ghost', version: '6.0' } });
      if (req.method === 'POST') return res.writeHead(302, { Location: '/ghost/#/signin' }).end();
      htmlPage(res);
    });
    const draft = await createFixtureDraft(store.handlers, 'minimal');
    const job = await publishJob(draft.id, await target('ghost', ghost.url), 'draft');
    expect(job.state).toBe('failed');
    expect(job.lastError).toContain('redirect (HTTP 302) to /ghost/#/signin');
    expect(ghost.received.map((r) => r.method)).toEqual(['POST']);
    expect((await store.call('publish.status', { draftId: draft.id })).publications).toEqual([]);
  });

  it('a 307 to another host: neither the body nor the signature goes there, and Test connection fails (webhook)', async () => {
    const elsewhere = await server(
      (_req, res) => json(res, 200, { id: 'stolen', url: 'https://elsewhere.example/x' }),
      { host: '127.0.0.2' },
    );
    const hook = await server((_req, res) => res.writeHead(307, { Location: `${elsewhere.url}/collect` }).end());
    const name = await target('webhook', `${hook.url}/hook`);

    const tested = await store.call('targets.test', { id: name });
    expect(tested.ok).toBe(false);
    expect(tested.message).toContain(`redirect (HTTP 307) to ${elsewhere.url}/collect`);

    const draft = await livePiece();
    const job = await publishJob(draft.id, name);
    expect(job.state).toBe('failed');
    expect(job.lastError).toContain(`${elsewhere.url}/collect`);
    expect(elsewhere.received).toEqual([]);
    expect((await store.call('drafts.get', { id: draft.id })).status).not.toBe('published');
  });

  it('a 307 to another host: Test connection fails for WordPress, and the credentials stay home', async () => {
    const elsewhere = await server(fakeWordPress, { host: '127.0.0.2' });
    const wp = await server((req, res) => res.writeHead(307, { Location: `${elsewhere.url}${req.path}` }).end());
    const tested = await store.call('targets.test', { id: await target('wordpress', wp.url) });
    expect(tested).toEqual({
      ok: false,
      message: expect.stringContaining(`redirect (HTTP 307) to ${elsewhere.url}/wp-json/`),
    });
    expect(elsewhere.received).toEqual([]);
  });

  it('a 307 to another host: Test connection fails for Ghost, naming where it led', async () => {
    const elsewhere = await server(
      (_req, res) => json(res, 200, { site: { title: 'Elsewhere', version: '6.0' }, posts: [] }),
      { host: '127.0.0.2' },
    );
    const ghost = await server((req, res) => res.writeHead(307, { Location: `${elsewhere.url}${req.path}` }).end());
    const tested = await store.call('targets.test', { id: await target('ghost', ghost.url) });
    expect(tested).toEqual({
      ok: false,
      message: expect.stringContaining(`redirect (HTTP 307) to ${elsewhere.url}/ghost/api/admin/site/`),
    });
    expect(elsewhere.received).toEqual([]);
  });

  it("WordPress's trailing-slash canonicalisation is taken: the same POST, body and credentials, sent again on the same origin", async () => {
    const wp = await server((req, res) => {
      const [path, query] = req.path.split('?');
      if (!path!.endsWith('/')) return res.writeHead(301, { Location: `${path}/${query ? `?${query}` : ''}` }).end();
      fakeWordPress(req, res);
    });
    const name = await target('wordpress', wp.url);
    expect(await store.call('targets.test', { id: name })).toMatchObject({ ok: true });

    const draft = await createFixtureDraft(store.handlers, 'minimal');
    const job = await publishJob(draft.id, name, 'draft');
    expect(job).toMatchObject({ state: 'done', remoteId: '41' });
    const posts = wp.received.filter((r) => r.path.startsWith('/wp-json/wp/v2/posts'));
    expect(posts.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'POST /wp-json/wp/v2/posts',
      'POST /wp-json/wp/v2/posts/',
    ]);
    expect(posts[1]!.body).toBe(posts[0]!.body);
    expect(JSON.parse(posts[1]!.body)).toMatchObject({ title: draft.headline, status: 'draft' });
    expect(posts[1]!.headers.authorization).toBe(posts[0]!.headers.authorization);
  });

  it('a same-origin redirect that is more than a trailing slash is refused, even for WordPress', async () => {
    const wp = await server((req, res) =>
      req.path.startsWith('/wp-login.php')
        ? htmlPage(res)
        : res.writeHead(302, { Location: '/wp-login.php?redirect_to=x' }).end(),
    );
    const tested = await store.call('targets.test', { id: await target('wordpress', wp.url) });
    expect(tested).toEqual({
      ok: false,
      message: expect.stringContaining('redirect (HTTP 302) to /wp-login.php?redirect_to=x'),
    });
    expect(wp.received).toHaveLength(1);
  });
});

describe('a webhook answer is what the README documents, or a failure showing it', () => {
  const cases: Array<{ name: string; type: string; body: string; problem: RegExp }> = [
    {
      name: 'an HTML page',
      type: 'text/html',
      body: '<!doctype html><html><title>Sign in</title></html>',
      problem: /it is not JSON.*“<!doctype html><html><title>Sign in/,
    },
    { name: 'plain "ok"', type: 'text/plain', body: 'ok', problem: /it is not JSON.*“ok”/ },
    {
      name: 'truncated JSON',
      type: 'application/json',
      body: '{"id": "item-9", "url": ',
      problem: /it is not JSON.*“\{"id": "item-9", "url":”/,
    },
    {
      name: 'JSON without an id',
      type: 'application/json',
      body: '{"status":"received"}',
      problem: /it has no "id".*“\{"status":"received"\}”/,
    },
    { name: 'a JSON array', type: 'application/json', body: '[1,2]', problem: /not a JSON object/ },
    {
      name: 'an id that is an object',
      type: 'application/json',
      body: '{"id":{"n":1}}',
      problem: /"id" is neither a string nor a number/,
    },
    {
      name: 'a url that is not a web address',
      type: 'application/json',
      body: '{"id":"a","url":"javascript:alert(1)"}',
      problem: /"url" is not a web address/,
    },
  ];
  for (const c of cases) {
    it(`a 200 with ${c.name}: the job stops, showing the first bytes, with no made-up id`, async () => {
      const hook = await server((_req, res) => res.writeHead(200, { 'Content-Type': c.type }).end(c.body));
      const name = await target('webhook', `${hook.url}/hook`);
      const draft = await livePiece();
      const job = await publishJob(draft.id, name);
      expect(job.state).toBe('failed');
      expect(job.remoteId).toBeNull();
      expect(job.lastError).toMatch(c.problem);
      expect(job.lastError).toMatch(/Nothing is marked as published/);
      expect((await store.call('drafts.get', { id: draft.id })).status).not.toBe('published');
      expect((await store.call('publish.status', { draftId: draft.id })).publications).toEqual([]);
    });
  }

  it('Test connection fails when the ping is answered with HTML', async () => {
    const hook = await server((_req, res) => htmlPage(res));
    const tested = await store.call('targets.test', { id: await target('webhook', `${hook.url}/hook`) });
    expect(tested).toEqual({
      ok: false,
      message: expect.stringMatching(/sending a test delivery.*it is not JSON.*“<!doctype html>/),
    });
    // WordPress: an HTML page where the REST API should be is not WordPress, not something to try again.
    const wp = await store.call('targets.test', { id: await target('wordpress', hook.url) });
    expect(wp).toEqual({
      ok: false,
      message: expect.stringMatching(/^That address answers, but it is not a WordPress site/),
    });
  });

  it('what the README accepts: JSON with id (a number too) and url, or an empty body', async () => {
    let answer = (res: ServerResponse) => json(res, 200, { id: 77, url: 'https://cms.example/77' });
    const hook = await server((_req, res) => answer(res));
    const name = await target('webhook', `${hook.url}/hook`);
    expect(await store.call('targets.test', { id: name })).toMatchObject({ ok: true });
    const draft = await livePiece();
    expect(await publishJob(draft.id, name)).toMatchObject({
      state: 'done',
      remoteId: '77',
      url: 'https://cms.example/77',
    });

    answer = (res) => res.writeHead(204).end();
    const other = await livePiece();
    expect(await publishJob(other.id, name)).toMatchObject({ state: 'done', remoteId: other.id, url: '' });
  });
});

describe('TLS problems stop the job with their name; they are never retried', () => {
  it('a self-signed certificate: Test connection (webhook and WordPress) and the job say so; nothing is sent', async () => {
    const hook = await server((_req, res) => json(res, 200, { id: 'x' }), { tls: certs.selfSigned });
    const webhook = await target('webhook', `${hook.url}/hook`);
    expect(await store.call('targets.test', { id: webhook })).toEqual({
      ok: false,
      message: expect.stringMatching(/HTTPS connection cannot be trusted.*self-signed.*DEPTH_ZERO_SELF_SIGNED_CERT/),
    });
    const wordpress = await target('wordpress', hook.url);
    expect(await store.call('targets.test', { id: wordpress })).toEqual({
      ok: false,
      message: expect.stringMatching(/^WordPress's HTTPS connection cannot be trusted.*self-signed/),
    });

    const job = await publishJob((await livePiece()).id, webhook);
    expect(job).toMatchObject({ state: 'failed', attempts: 1, nextAttemptAt: null });
    expect(job.lastError).toMatch(/self-signed/);
    expect(hook.received).toEqual([]);
  });

  it('an expired certificate stops the job at the first attempt', async () => {
    const hook = await server((_req, res) => json(res, 200, { id: 'x' }), { tls: certs.expired });
    const job = await publishJob((await livePiece()).id, await target('webhook', `${hook.url}/hook`));
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(job.lastError).toMatch(/certificate has expired \(CERT_HAS_EXPIRED\)/);
    expect(hook.received).toEqual([]);
  });

  it('a certificate for another host stops the job, even when its authority is trusted', async () => {
    const trusting = await openTestStore({
      publish: {
        secrets: new MemorySecretStore({ Wrong: WEBHOOK_SECRET }),
        fetch: await fetchTrusting(certs.ca),
        inlineAttempts: 3,
        sleep: async () => undefined,
      },
    });
    try {
      const hook = await server((_req, res) => json(res, 200, { id: 'x' }), { tls: certs.wrongHost });
      await trusting.call('targets.add', { name: 'Wrong', kind: 'webhook', url: `${hook.url}/hook` });
      const draft = await createFixtureDraft(trusting.handlers, 'energy-truce-analysis');
      const outcome = await trusting.call('publish.run', { draftId: draft.id, target: 'Wrong', status: 'publish' });
      expect(outcome.kind === 'job' && outcome.job).toMatchObject({ state: 'failed', attempts: 1 });
      expect(outcome.kind === 'job' && outcome.job.lastError).toMatch(
        /certificate is for another host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/,
      );
      expect(hook.received).toEqual([]);
    } finally {
      await trusting.close();
    }
  });
});

describe('a secret belongs to the origin it was given for', () => {
  it('moving a target to another origin drops its secret; Test connection then sends nothing there', async () => {
    const home = await server(fakeWordPress);
    const elsewhere = await server(fakeWordPress, { host: '127.0.0.2' });
    const name = await target('wordpress', home.url);
    expect((await store.call('targets.list', {})).find((t) => t.name === name)?.secretSet).toBe(true);

    const moved = await store.call('targets.update', { id: name, url: `${elsewhere.url}/` });
    expect(moved.secretSet).toBe(false);
    const tested = await store.call('targets.test', { id: name });
    expect(tested).toEqual({ ok: false, message: expect.stringMatching(/No secret is set/) });
    expect(elsewhere.received).toEqual([]);

    // A new secret given with the move is kept; a move within the origin keeps the secret.
    const again = await store.call('targets.update', { id: name, url: home.url, secret: WP_PASSWORD });
    expect(again.secretSet).toBe(true);
    expect(
      (await store.call('targets.update', { id: name, url: `${home.url}/blog`, name: `${name}-renamed` })).secretSet,
    ).toBe(true);
    const renamedAndMoved = await store.call('targets.update', {
      id: again.id,
      url: elsewhere.url,
      name: `${name}-moved`,
    });
    expect(renamedAndMoved.secretSet).toBe(false);
    expect(await secrets.get(`${name}-renamed`)).toBeNull();
  });
});

describe('plain http:// only for this computer', () => {
  it('targets.add and targets.update refuse plain http to another host, and say why', async () => {
    const refused = await store
      .call('targets.add', { name: 'Plain', kind: 'webhook', url: 'http://cms.example.com/hook' })
      .then(
        () => null,
        (err: unknown) => err as { code: string; message: string },
      );
    expect(refused).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(
        /http:\/\/cms\.example\.com is plain http:\/\/.*Use its https:\/\/ address.*only for this computer \(localhost, 127\.0\.0\.1, ::1\)/,
      ),
    });
    const hook = await server((_req, res) => res.writeHead(204).end());
    const name = await target('webhook', `${hook.url}/hook`);
    await expect(store.call('targets.update', { id: name, url: 'http://10.0.0.8/hook' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('plain http://'),
    });
    for (const url of [
      'http://localhost:8080',
      'http://[::1]:8080/x',
      'http://127.0.0.2/',
      'https://cms.example.com',
    ]) {
      expect((await store.call('targets.update', { id: name, url })).url).toBe(url.replace(/\/+$/, ''));
    }
  });

  it('a target saved before the rule is refused at Test connection and at publish, and the dry run warns', async () => {
    const name = await target('webhook', 'http://127.0.0.1:9/hook');
    await store.ctx.db.run('UPDATE publish_targets SET url = ? WHERE name = ?', ['http://cms.example.com/hook', name]);
    const message = /plain http:\/\/, which would send the secret and the piece unencrypted/;
    expect(await store.call('targets.test', { id: name })).toEqual({
      ok: false,
      message: expect.stringMatching(message),
    });
    const draft = await livePiece();
    expect(
      (await store.call('publish.preview', { draftId: draft.id, target: name, status: 'publish' })).warnings,
    ).toContainEqual(expect.stringMatching(message));
    const job = await publishJob(draft.id, name);
    expect(job).toMatchObject({ state: 'failed', lastError: expect.stringMatching(message) });
  });
});

/** `copydesk ARGV --db <the test store>`, run in this process: its exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...argv, '--db', store.dbPath], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Everything a secret could leak into: the job rows, the log, the renderer's events, Test connection. */
async function leaks(forms: string[]): Promise<string[]> {
  const jobs = await store.ctx.db.all<{ last_error: string | null }>('SELECT last_error FROM publish_jobs');
  const everything = [...jobs.map((j) => j.last_error ?? ''), ...logs, ...events].join('\n');
  return forms.filter((form) => everything.includes(form));
}

describe('every form of a secret is redacted, however a server echoes it', () => {
  /** An error page that repeats the request: headers, body, and the credentials it could decode. */
  function echo(status: number, shape: 'wordpress' | 'ghost') {
    return (req: Received, res: ServerResponse) => {
      const auth = req.headers.authorization ?? '';
      const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
      const password = decoded.split(':')[1] ?? '';
      const kid = auth.startsWith('Ghost ')
        ? (JSON.parse(Buffer.from(auth.split(' ')[1]!.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid
        : '';
      const said = `Refused ${req.method} ${req.path} with headers ${JSON.stringify(req.headers)}; you sent ${decoded} (password ${password.replace(/(.{4})(?!$)/g, '$1 ')}, key id ${kid}); body ${req.body.slice(0, 200)}`;
      if (shape === 'ghost') json(res, status, { errors: [{ message: said, type: 'EchoError' }] });
      else json(res, status, { code: 'echo', message: said });
    };
  }

  it('WordPress: the Application Password with and without spaces, and inside Basic auth', async () => {
    const wp = await server((req, res) =>
      req.path.startsWith('/wp-json/?') || req.path === '/wp-json/'
        ? fakeWordPress(req, res)
        : echo(400, 'wordpress')(req, res),
    );
    const name = await target('wordpress', wp.url);
    const basic = Buffer.from(`${WP_USER}:${WP_PASSWORD.replace(/ /g, '')}`).toString('base64');
    const tested = await store.call('targets.test', { id: name });
    expect(tested.ok).toBe(false);
    expect(tested.message).toContain(REDACTED);
    const job = await publishJob((await createFixtureDraft(store.handlers, 'minimal')).id, name, 'draft');
    expect(job.state).toBe('failed');
    const forms = [WP_PASSWORD, WP_PASSWORD.replace(/ /g, ''), basic, basic.slice(4, 24)];
    // The servers did echo each form: the redaction is what keeps them out.
    expect(wp.received.some((r) => r.headers.authorization === `Basic ${basic}`)).toBe(true);
    expect(forms.filter((f) => tested.message.includes(f))).toEqual([]);
    expect(await leaks(forms)).toEqual([]);
  });

  it("Ghost: the Admin API key's id and secret halves, and the JWT made from it", async () => {
    const ghost = await server((req, res) =>
      req.path.startsWith('/ghost/api/admin/site/')
        ? json(res, 200, { site: { title: 'Fake Ghost', version: '6.0' } })
        : echo(401, 'ghost')(req, res),
    );
    const name = await target('ghost', ghost.url);
    const tested = await store.call('targets.test', { id: name });
    expect(tested.ok).toBe(false);
    const job = await publishJob((await createFixtureDraft(store.handlers, 'minimal')).id, name, 'draft');
    expect(job.state).toBe('failed');
    const [id, half] = GHOST_KEY.split(':') as [string, string];
    const sent = ghost.received.map((r) => r.headers.authorization).filter(Boolean) as string[];
    expect(sent.length).toBeGreaterThan(0);
    const forms = [GHOST_KEY, id, half, ...sent.map((a) => a.slice(6)), ...sent.map((a) => a.split('.')[2]!)];
    expect(forms.filter((f) => tested.message.includes(f))).toEqual([]);
    expect(await leaks(forms)).toEqual([]);
  });

  it('webhook: the secret and its signatures', async () => {
    const hook = await server((req, res) =>
      json(res, 400, {
        message: `bad signature ${String(req.headers[WEBHOOK_HEADERS.signature.toLowerCase()])} at ${String(req.headers['x-copydesk-timestamp'])}; expected one keyed with ${WEBHOOK_SECRET}`,
      }),
    );
    const name = await target('webhook', `${hook.url}/hook`);
    const tested = await store.call('targets.test', { id: name });
    const job = await publishJob((await livePiece()).id, name);
    expect(job.state).toBe('failed');
    const signatures = hook.received.map((r) => String(r.headers['x-copydesk-signature']).slice('sha256='.length));
    expect(signatures).toHaveLength(2);
    const forms = [WEBHOOK_SECRET, ...signatures];
    expect(forms.filter((f) => tested.message.includes(f))).toEqual([]);
    expect(await leaks(forms)).toEqual([]);
    expect(job.lastError).toMatch(/bad signature sha256=\[secret\]/);
  });

  it('the terminal: `copydesk publish` and `targets add` print the same clear, redacted messages', async () => {
    const hook = await server((req, res) =>
      json(res, 400, { message: `echo ${String(req.headers['x-copydesk-signature'])} ${WEBHOOK_SECRET}` }),
    );
    const tls = await server((_req, res) => res.writeHead(204).end(), { tls: certs.selfSigned });
    const redirect = await server((_req, res) => res.writeHead(302, { Location: 'https://login.example.com/' }).end());
    const draft = await livePiece();
    const added = await cli('targets', 'add', 'Plain', '--kind', 'webhook', '--url', 'http://cms.example.com/hook');
    expect(added).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^copydesk: The address http:\/\/cms\.example\.com is plain http:\/\//),
    });
    const names: string[] = [];
    try {
      for (const [url, expected] of [
        [`${hook.url}/hook`, /refused the credentials|rejected the request.*echo sha256=\[secret\] \[secret\]/],
        [`${tls.url}/hook`, /HTTPS connection cannot be trusted.*self-signed/],
        [`${redirect.url}/hook`, /redirect \(HTTP 302\) to https:\/\/login\.example\.com\//],
      ] as const) {
        const name = `cli-hook-${names.push(secretEnvName(`cli-hook-${names.length}`)) - 1}`;
        process.env[names.at(-1)!] = WEBHOOK_SECRET;
        expect(await cli('targets', 'add', name, '--kind', 'webhook', '--url', url)).toMatchObject({ code: 0 });
        const published = await cli('publish', draft.id, '--target', name, '--status', 'publish');
        expect(published.code).toBe(1);
        expect(published.err).toMatch(/^copydesk: Stopped: /);
        expect(published.err).toMatch(expected);
        expect(published.err).not.toContain(WEBHOOK_SECRET);
      }
    } finally {
      for (const env of names) delete process.env[env];
    }
  });

  it('redact() alone: each form, at any base64 alignment, and the shapes of tokens and signatures', () => {
    const inBase64 = (prefix: string) => Buffer.from(`${prefix}${WP_PASSWORD.replace(/ /g, '')}!`).toString('base64');
    for (const prefix of ['', 'a', 'ab', 'admin:'])
      expect(redact(`x ${inBase64(prefix)} y`, [WP_PASSWORD])).not.toMatch(/[A-Za-z0-9+/]{12,}/);
    expect(redact(`q=${encodeURIComponent(WP_PASSWORD)} j="${WP_PASSWORD}"`, [WP_PASSWORD])).toBe(
      `q=${REDACTED} j="${REDACTED}"`,
    );
    const token = ghostToken(GHOST_KEY, Date.now());
    expect(redact(`Authorization: Ghost ${token}`)).toBe(`Authorization: Ghost ${REDACTED}`);
    // The key's id is inside every token's header: redacting it first must not leave the rest of the token.
    for (let s = 0; s < 300; s++)
      expect(
        redact(`"authorization":"Ghost ${ghostToken(GHOST_KEY, 1_796_226_856_000 + s * 1000)}"`, [GHOST_KEY]),
      ).toBe(`"authorization":"Ghost ${REDACTED}"`);
    const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update('1.{}').digest('hex')}`;
    expect(redact(`got ${signature}`)).toBe(`got sha256=${REDACTED}`);
    expect(redact('Basic authentication failed for WordPress while creating the post')).toBe(
      'Basic authentication failed for WordPress while creating the post',
    );
    expect(redact('Ghost answered creating the post', [GHOST_KEY])).toBe('Ghost answered creating the post');
    // A secret of a few characters goes where it stands alone, without blanking every word that contains it.
    expect(redact('The webhook refused the key x (HTTP 401).', ['x'])).toBe(
      `The webhook refused the key ${REDACTED} (HTTP 401).`,
    );
  });
});

describe('what a server says reaches the terminal without its control sequences', () => {
  it("the terminal: a server's control sequences are stripped from what `copydesk publish` prints, JSON escapes them", async () => {
    /* eslint-disable no-control-regex -- control characters are what this test is about */
    const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
    const hostile = 'Denied \u001b]0;pwned\u0007\u001b[2Jcleared\u0000\u009b31m\r';
    const hook = await server((_req, res) => json(res, 400, { message: hostile }));
    const name = `cli-controls-${++counter}`;
    process.env[secretEnvName(name)] = WEBHOOK_SECRET;
    try {
      expect(await cli('targets', 'add', name, '--kind', 'webhook', '--url', `${hook.url}/hook`)).toMatchObject({
        code: 0,
      });
      const draft = await livePiece();
      const published = await cli('publish', draft.id, '--target', name, '--status', 'publish');
      expect(published.code).toBe(1);
      // The server did send them: it is the command line that keeps them from the terminal.
      expect(hook.received).toHaveLength(1);
      expect(published.err).toContain('Denied ]0;pwned[2Jcleared31m');
      expect(published.err).not.toMatch(controls);
      const asJson = await cli('publish', draft.id, '--target', name, '--status', 'publish', '--json');
      expect(asJson.out).not.toMatch(controls);
      expect((JSON.parse(asJson.out) as { job: { lastError: string } }).job.lastError).toContain(hostile.trim());
    } finally {
      delete process.env[secretEnvName(name)];
    }
    /* eslint-enable no-control-regex */
  });
});
