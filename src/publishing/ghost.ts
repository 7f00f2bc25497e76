import { createHash, createHmac } from 'node:crypto';
import { pieceDateInstant } from '../common/pieceDate';
import { PublishError, type HttpClient } from './http';
import type { AdapterConfig, PostRequest, PublishAdapter, RemoteMedia, RemotePost } from './adapter';
import { captionHtml, mediaFileName, type Piece, type PieceImage, type RemoteStatus } from './piece';

/**
 * Ghost's Admin API. Each request carries a fresh JWT (HS256, signed with
 * the hex-decoded secret of the `id:secret` Admin API key, `kid` = id, `aud`
 * `/admin/`, five minutes' life). The body goes in as HTML (`?source=html`);
 * the section leads the tag list (Ghost's primary tag); updates send the
 * post's `updated_at` and refuse to overwrite an edit made in Ghost.
 */

/** Ghost has no review state: a piece sent for review waits there as a draft. */
const STATUS: Record<RemoteStatus, string> = { draft: 'draft', review: 'draft', publish: 'published' };
/** Ghost refuses a longer custom excerpt. */
export const GHOST_EXCERPT_LIMIT = 300;
const TOKEN_LIFE_S = 5 * 60;
/** Ghost refuses an empty editor state; an empty body goes as one empty paragraph. */
const EMPTY_LEXICAL = JSON.stringify({
  root: {
    children: [{ children: [], direction: null, format: '', indent: 0, type: 'paragraph', version: 1 }],
    direction: null,
    format: '',
    indent: 0,
    type: 'root',
    version: 1,
  },
});

function bodyFields(html: string): Record<string, string> {
  const empty = html.replace(/<p>\s*<\/p>/g, '').trim() === '';
  return empty ? { lexical: EMPTY_LEXICAL } : { html };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The Admin API token for one request. */
export function ghostToken(adminKey: string, nowMs: number): string {
  const [id, secret] = adminKey.split(':');
  if (!id || !secret || !/^[0-9a-f]+$/i.test(secret) || secret.length % 2 !== 0) {
    throw new PublishError(
      'stop',
      'That is not a Ghost Admin API key: it looks like ID:SECRET (copy it from Settings → Integrations).',
    );
  }
  const iat = Math.floor(nowMs / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: id }));
  const payload = b64url(JSON.stringify({ iat, exp: iat + TOKEN_LIFE_S, aud: '/admin/' }));
  const signature = createHmac('sha256', Buffer.from(secret, 'hex')).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

interface GhostPost {
  id: string;
  url: string;
  slug: string;
  status: string;
  updated_at: string;
  title?: string;
  custom_excerpt?: string | null;
  feature_image?: string | null;
  feature_image_alt?: string | null;
  feature_image_caption?: string | null;
  tags?: Array<{ name: string }>;
  codeinjection_foot?: string | null;
}

const POST_FIELDS =
  'id,url,slug,status,updated_at,title,custom_excerpt,feature_image,feature_image_alt,feature_image_caption,codeinjection_foot';

/**
 * What we last wrote, as Ghost reports it: `updated_at` has whole-second
 * precision, so an edit made in Ghost within the same second is caught by
 * this fingerprint of the fields a person edits there.
 */
function stamp(post: GhostPost): string {
  const fields = [
    post.title,
    post.custom_excerpt,
    post.slug,
    post.status,
    post.feature_image,
    post.feature_image_alt,
    post.feature_image_caption,
    (post.tags ?? []).map((t) => t.name).join('\u0001'),
  ];
  return `${post.updated_at} ${createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32)}`;
}

export function ghostTags(piece: Pick<Piece, 'section' | 'tags'>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of [piece.section, ...piece.tags]) {
    const key = name.trim().toLocaleLowerCase('und');
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(name.trim());
  }
  return out;
}

export function ghostExcerpt(dek: string): string {
  return dek.length <= GHOST_EXCERPT_LIMIT ? dek : `${dek.slice(0, GHOST_EXCERPT_LIMIT - 1).trimEnd()}…`;
}

export class GhostAdapter implements PublishAdapter {
  readonly kind = 'ghost' as const;
  readonly media = 'upload' as const;
  private readonly api: string;
  private readonly http: HttpClient;

  constructor(private readonly config: AdapterConfig) {
    this.api = `${config.url.replace(/\/+$/, '')}/ghost/api/admin`;
    this.http = config.http;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      Authorization: `Ghost ${ghostToken(this.config.secret, this.config.now())}`,
      'Accept-Version': 'v6.0',
      Accept: 'application/json',
      ...extra,
    };
  }

  async testConnection(): Promise<string> {
    let site: { site?: { title?: string; version?: string } };
    try {
      site = await this.http.json({ method: 'GET', url: `${this.api}/site/`, what: 'looking for the Admin API' });
    } catch (err) {
      // A 4xx or a non-JSON page means no Admin API here; a redirect keeps its own message, which names where it leads.
      const status = err instanceof PublishError ? err.detail.status : undefined;
      if (
        err instanceof PublishError &&
        ((status !== undefined && status >= 400 && status < 500) || /not JSON/.test(err.message))
      ) {
        throw new PublishError(
          'stop',
          `That address answers, but it is not a Ghost site: there is no Admin API at ${this.api}/.`,
          err.detail,
        );
      }
      throw err;
    }
    if (!site?.site)
      throw new PublishError(
        'stop',
        `That address answers, but it is not a Ghost site (no site information at ${this.api}/site/).`,
      );
    await this.http.json({
      method: 'GET',
      url: `${this.api}/posts/?limit=1&fields=id`,
      headers: this.headers(),
      what: 'signing in with the Admin API key',
    });
    return `Connected to ${site.site.title ? `“${site.site.title}”` : 'Ghost'} (Ghost ${site.site.version ?? ''}).`.replace(
      ' )',
      ')',
    );
  }

  async uploadMedia(image: PieceImage, bytes: Uint8Array): Promise<RemoteMedia> {
    const name = mediaFileName(image);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: image.mime }), name);
    form.append('purpose', 'image');
    form.append('ref', image.id);
    const body = await this.http.json<{ images?: Array<{ url: string }> }>({
      method: 'POST',
      url: `${this.api}/images/upload/`,
      headers: this.headers(),
      body: form,
      what: `uploading the image ${name}`,
    });
    const url = body.images?.[0]?.url;
    if (!url)
      throw new PublishError('retry', 'Ghost answered the upload without an image address; trying again.', {
        mayHaveArrived: true,
      });
    return { remoteId: url, url };
  }

  /** Ghost has no media library to search; a lost upload is uploaded again (an unused file, never a duplicate post). */
  async findMedia(): Promise<RemoteMedia | null> {
    return null;
  }

  async findPost(piece: Piece, marker: string): Promise<RemotePost | null> {
    const slugs = [piece.slug, `${piece.slug}-2`, `${piece.slug}-3`].map((s) => `'${s}'`).join(',');
    const found = await this.http.json<{ posts: GhostPost[] }>({
      method: 'GET',
      url: `${this.api}/posts/?filter=${encodeURIComponent(`slug:[${slugs}]`)}&fields=id,url,slug,status,updated_at,codeinjection_foot&limit=10`,
      headers: this.headers(),
      what: 'looking for a post made before',
    });
    const hit = found.posts.find((p) => p.codeinjection_foot?.includes(marker));
    return hit ? this.remote(hit) : null;
  }

  private remote(post: GhostPost): RemotePost {
    return {
      remoteId: post.id,
      url: post.url,
      slug: post.slug,
      remoteStatus: post.status,
      remoteUpdated: post.tags ? stamp(post) : null,
    };
  }

  private fields(request: PostRequest): Record<string, unknown> {
    const { piece } = request;
    const topImage = piece.topImage ? piece.images.find((i) => i.id === piece.topImage) : undefined;
    const top = piece.topImage ? request.media.get(piece.topImage) : undefined;
    return {
      title: piece.headline,
      custom_excerpt: piece.dek ? ghostExcerpt(piece.dek) : null,
      slug: piece.slug,
      status: STATUS[request.status],
      tags: ghostTags(piece).map((name) => ({ name })),
      feature_image: top?.url ?? null,
      feature_image_alt: topImage ? topImage.alt || null : null,
      feature_image_caption: topImage ? captionHtml(topImage) || null : null,
      codeinjection_foot: `<!-- ${request.marker} sha256:${request.contentHash} -->`,
      // An archive piece keeps its first publication date (a day is its midnight, UTC).
      ...(piece.datePublished && { published_at: pieceDateInstant(piece.datePublished).toISOString() }),
    };
  }

  previewFields(request: PostRequest): Record<string, unknown> {
    return { ...this.fields(request), tags: ghostTags(request.piece) };
  }

  private async current(remoteId: string): Promise<GhostPost> {
    const body = await this.http.json<{ posts: GhostPost[] }>({
      method: 'GET',
      url: `${this.api}/posts/${remoteId}/?fields=${POST_FIELDS}&include=tags`,
      headers: this.headers(),
      what: 'reading the post before updating it',
    });
    return body.posts[0]!;
  }

  /** An edit made in Ghost since our last write; our own update that arrived unacknowledged carries this publish's hash. */
  private changedInGhost(post: GhostPost, ours: string | null, hash: string): PublishError | null {
    if (ours === null || stamp(post) === ours || post.codeinjection_foot?.includes(hash)) return null;
    return new PublishError(
      'stop',
      `The post was edited in Ghost (at ${post.updated_at}) since Copydesk last published it; publishing now would overwrite that edit. Bring the change into the draft, or delete the post in Ghost, and publish again.`,
      { code: 'UpdateCollisionError' },
    );
  }

  async savePost(request: PostRequest): Promise<RemotePost> {
    const fields = this.fields(request);
    if (!request.previous) {
      const created = await this.http.json<{ posts: GhostPost[] }>({
        method: 'POST',
        url: `${this.api}/posts/?source=html&include=tags`,
        headers: this.headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify({ posts: [{ ...fields, ...bodyFields(request.html) }] }),
        what: 'creating the post',
      });
      return this.remote(created.posts[0]!);
    }
    for (let attempt = 0; ; attempt++) {
      const post = await this.current(request.previous.remoteId);
      const collision = this.changedInGhost(
        post,
        attempt === 0 ? request.previous.remoteUpdated : null,
        request.contentHash,
      );
      if (collision) throw collision;
      const response = await this.http.request({
        method: 'PUT',
        url: `${this.api}/posts/${post.id}/?source=html&include=tags`,
        headers: this.headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify({ posts: [{ ...fields, ...bodyFields(request.html), updated_at: post.updated_at }] }),
        what: 'updating the post',
        accept: [409],
      });
      if (response.status !== 409) return this.remote((response.json as { posts: GhostPost[] }).posts[0]!);
      // Someone saved in between: go round once more only if what is there is still ours.
      const now = await this.current(request.previous.remoteId);
      const changed = this.changedInGhost(now, stamp(post), request.contentHash);
      if (changed || attempt >= 1)
        throw (
          changed ??
          new PublishError(
            'stop',
            'Ghost keeps reporting that the post changed while updating it (HTTP 409); publish again in a moment.',
            { status: 409 },
          )
        );
    }
  }
}
