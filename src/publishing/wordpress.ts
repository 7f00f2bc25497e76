import { isDayOnly, pieceDateInstant } from '../common/pieceDate';
import { PublishError, type HttpClient } from './http';
import type { AdapterConfig, PostRequest, PublishAdapter, RemoteMedia, RemotePost } from './adapter';
import { captionHtml, mediaFileName, type Piece, type PieceImage, type RemoteStatus } from './piece';

/**
 * WordPress through its REST API, signed in with an Application Password
 * (HTTP Basic). Terms are found or created by name; media go to
 * /wp/v2/media with caption (credit included) and alt text; the post carries
 * our HTML, the dek as excerpt, and a marker comment that lets an
 * interrupted publish find the post it made.
 */

const STATUS: Record<RemoteStatus, string> = { draft: 'draft', review: 'pending', publish: 'publish' };
const ANY_STATUS = 'publish,future,draft,pending,private';

interface WpTerm {
  id: number;
  name: string;
}

interface WpPost {
  id: number;
  link: string;
  slug: string;
  status: string;
  modified_gmt?: string;
  content?: { raw?: string };
}

/** WordPress answers term names with HTML entities ("Q&amp;A"). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#039);/gi, (whole, code: string) => {
    const lower = code.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos' || lower === '#039') return "'";
    const n = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(n) ? String.fromCodePoint(n) : whole;
  });
}

/** WordPress's canonical redirect that only adds or drops a trailing slash (`/wp-json` → `/wp-json/`): safe to send again. */
function trailingSlashOnly(from: URL, to: URL): boolean {
  return to.search === from.search && (to.pathname === `${from.pathname}/` || from.pathname === `${to.pathname}/`);
}

/**
 * The piece's first publication date, so an archive piece keeps it there:
 * `date` with its zone (WordPress converts it), and `date_gmt` for the
 * record; a day alone is that day's midnight in the site's zone.
 */
export function wordpressDates(piece: Pick<Piece, 'datePublished'>): { date?: string; date_gmt?: string } {
  const date = piece.datePublished;
  if (!date) return {};
  if (isDayOnly(date)) return { date: `${date}T00:00:00` };
  return { date, date_gmt: pieceDateInstant(date).toISOString().slice(0, 19) };
}

const sameName = (a: string, b: string) =>
  a.normalize('NFKC').toLocaleLowerCase('und') === b.normalize('NFKC').toLocaleLowerCase('und');

export class WordPressAdapter implements PublishAdapter {
  readonly kind = 'wordpress' as const;
  readonly media = 'upload' as const;
  private readonly api: string;
  private readonly http: HttpClient;
  private readonly auth: string;

  constructor(config: AdapterConfig) {
    this.api = `${config.url.replace(/\/+$/, '')}/wp-json`;
    this.http = config.http.withSafeRedirect(trailingSlashOnly);
    this.auth = `Basic ${Buffer.from(`${config.user}:${config.secret.replace(/\s+/g, '')}`).toString('base64')}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: this.auth, Accept: 'application/json', ...extra };
  }

  private jsonHeaders(): Record<string, string> {
    return this.headers({ 'Content-Type': 'application/json' });
  }

  async testConnection(): Promise<string> {
    let index: { name?: string; namespaces?: string[] };
    try {
      index = await this.http.json({ method: 'GET', url: `${this.api}/`, what: 'looking for the REST API' });
    } catch (err) {
      if (err instanceof PublishError && (err.detail.status === 404 || /not JSON/.test(err.message))) {
        throw new PublishError(
          'stop',
          `That address answers, but it is not a WordPress site: there is no REST API at ${this.api}/.`,
          err.detail,
        );
      }
      throw err;
    }
    if (!index || !Array.isArray(index.namespaces) || !index.namespaces.includes('wp/v2')) {
      throw new PublishError(
        'stop',
        `That address answers, but it is not a WordPress site with the REST API (no wp/v2 at ${this.api}/).`,
      );
    }
    // An anonymous GET /posts answers 200 even with a wrong password: ask who we are.
    const me = await this.http.json<{ name?: string; capabilities?: Record<string, boolean> }>({
      method: 'GET',
      url: `${this.api}/wp/v2/users/me?context=edit`,
      headers: this.headers(),
      what: 'signing in',
    });
    const caps = me.capabilities ?? {};
    const missing = ['publish_posts', 'upload_files', 'manage_categories'].filter((c) => !caps[c]);
    if (missing.length > 0) {
      throw new PublishError(
        'stop',
        `Signed in to WordPress as ${me.name ?? 'this user'}, but the account may not ${missing.map((c) => c.replace('_', ' ')).join(', ')}. Use an Editor or Administrator account.`,
      );
    }
    return `Connected to ${index.name ? `“${index.name}”` : 'WordPress'} as ${me.name ?? 'this user'}.`;
  }

  async uploadMedia(image: PieceImage, bytes: Uint8Array): Promise<RemoteMedia> {
    const name = mediaFileName(image);
    const params = new URLSearchParams({
      title: name.replace(/\.\w+$/, ''),
      alt_text: image.alt,
      caption: captionHtml(image),
    });
    const media = await this.http.json<{ id: number; source_url: string }>({
      method: 'POST',
      url: `${this.api}/wp/v2/media?${params}`,
      headers: this.headers({ 'Content-Type': image.mime, 'Content-Disposition': `attachment; filename="${name}"` }),
      body: bytes,
      what: `uploading the image ${name}`,
    });
    return { remoteId: String(media.id), url: media.source_url };
  }

  async updateMedia(media: RemoteMedia, image: PieceImage): Promise<void> {
    await this.http.json({
      method: 'POST',
      url: `${this.api}/wp/v2/media/${media.remoteId}?_fields=id`,
      headers: this.jsonHeaders(),
      body: JSON.stringify({ alt_text: image.alt, caption: captionHtml(image) }),
      what: `updating the caption of ${mediaFileName(image)}`,
    });
  }

  async findMedia(image: PieceImage): Promise<RemoteMedia | null> {
    const title = mediaFileName(image).replace(/\.\w+$/, '');
    const found = await this.http.json<Array<{ id: number; source_url: string; slug: string }>>({
      method: 'GET',
      url: `${this.api}/wp/v2/media?search=${encodeURIComponent(title)}&per_page=10&_fields=id,source_url,slug`,
      headers: this.headers(),
      what: 'looking for an image uploaded before',
    });
    const hit = found.find((m) => m.slug === title || m.slug.startsWith(`${title}-`));
    return hit ? { remoteId: String(hit.id), url: hit.source_url } : null;
  }

  async findPost(piece: Piece, marker: string): Promise<RemotePost | null> {
    const fields = '_fields=id,link,slug,status,modified_gmt,content';
    const bySlug = await this.http.json<WpPost[]>({
      method: 'GET',
      url: `${this.api}/wp/v2/posts?slug=${encodeURIComponent(piece.slug)}&status=${ANY_STATUS}&context=edit&${fields}`,
      headers: this.headers(),
      what: 'looking for a post made before',
    });
    let hit = bySlug.find((p) => p.content?.raw?.includes(marker));
    if (!hit) {
      // WordPress renames a duplicate published slug ("slug-2"): look for our marker instead.
      const bySearch = await this.http.json<WpPost[]>({
        method: 'GET',
        url: `${this.api}/wp/v2/posts?search=${encodeURIComponent(marker)}&status=${ANY_STATUS}&context=edit&${fields}`,
        headers: this.headers(),
        what: 'looking for a post made before',
      });
      hit = bySearch.find((p) => p.content?.raw?.includes(marker));
    }
    return hit ? this.remote(hit) : null;
  }

  private remote(post: WpPost): RemotePost {
    return {
      remoteId: String(post.id),
      url: post.link,
      slug: post.slug,
      remoteStatus: post.status,
      remoteUpdated: post.modified_gmt ?? null,
    };
  }

  /** Finds each term by name, creating the missing ones; `term_exists` answers with the id. */
  private async termIds(taxonomy: 'tags' | 'categories', names: readonly string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const name of names) {
      const found = await this.http.json<WpTerm[]>({
        method: 'GET',
        url: `${this.api}/wp/v2/${taxonomy}?search=${encodeURIComponent(name)}&per_page=100&_fields=id,name`,
        headers: this.headers(),
        what: `looking up the ${taxonomy === 'tags' ? 'tag' : 'category'} “${name}”`,
      });
      const hit = found.find((t) => sameName(decodeEntities(t.name), name));
      if (hit) {
        ids.push(hit.id);
        continue;
      }
      const created = await this.http.request({
        method: 'POST',
        url: `${this.api}/wp/v2/${taxonomy}`,
        headers: this.jsonHeaders(),
        body: JSON.stringify({ name }),
        what: `creating the ${taxonomy === 'tags' ? 'tag' : 'category'} “${name}”`,
        accept: [400],
      });
      const body = created.json as { id?: number; code?: string; message?: string; data?: { term_id?: number } };
      if (created.status === 400) {
        if (body.code === 'term_exists' && typeof body.data?.term_id === 'number') ids.push(body.data.term_id);
        else
          throw new PublishError(
            'stop',
            `WordPress refused the ${taxonomy === 'tags' ? 'tag' : 'category'} “${name}”: ${body.message ?? 'HTTP 400'}.`,
            { status: 400 },
          );
      } else ids.push(body.id!);
    }
    return [...new Set(ids)];
  }

  previewFields(request: PostRequest): Record<string, unknown> {
    const top = request.piece.topImage ? request.media.get(request.piece.topImage) : undefined;
    return {
      title: request.piece.headline,
      excerpt: request.piece.dek,
      slug: request.piece.slug,
      status: STATUS[request.status],
      tags: request.piece.tags,
      categories: request.piece.section ? [request.piece.section] : [],
      featured_media: request.piece.topImage
        ? (top?.remoteId ?? `(uploaded image ${request.piece.topImage.slice(0, 12)}…)`)
        : 0,
      ...wordpressDates(request.piece),
    };
  }

  async savePost(request: PostRequest): Promise<RemotePost> {
    const { piece } = request;
    const tags = await this.termIds('tags', piece.tags);
    const categories = piece.section ? await this.termIds('categories', [piece.section]) : undefined;
    const top = piece.topImage ? request.media.get(piece.topImage) : undefined;
    const body = {
      title: piece.headline,
      content: `${request.html}<!-- ${request.marker} -->\n`,
      excerpt: piece.dek,
      slug: piece.slug,
      status: STATUS[request.status],
      tags,
      categories, // JSON leaves it out when there is no section
      featured_media: top ? Number(top.remoteId) : 0,
      ...wordpressDates(piece),
    };
    const url = request.previous ? `${this.api}/wp/v2/posts/${request.previous.remoteId}` : `${this.api}/wp/v2/posts`;
    const post = await this.http.json<WpPost>({
      method: 'POST',
      url: `${url}?_fields=id,link,slug,status,modified_gmt`,
      headers: this.jsonHeaders(),
      body: JSON.stringify(body),
      what: request.previous ? 'updating the post' : 'creating the post',
    });
    if (typeof post?.id !== 'number')
      throw new PublishError('retry', 'WordPress answered without the post id; trying again.', {
        mayHaveArrived: true,
      });
    return this.remote(post);
  }
}
