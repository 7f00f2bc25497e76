import { createHmac } from 'node:crypto';
import { toMarkdown } from '../../common/export/markdown';
import { PublishError, type HttpClient } from './http';
import type { AdapterConfig, PostRequest, PublishAdapter, RemoteMedia, RemotePost } from './adapter';
import { exportableOf, pieceHtml, type PieceImage, type RemoteStatus } from './piece';

/**
 * A signed JSON POST of the whole piece, for any other CMS. The signature is
 * HMAC-SHA256, keyed with the target's secret, over `timestamp + "." + body`
 * (README, "Publishing to a webhook"). Images travel inside the payload, as
 * base64 (default) or, with the target option `imageBaseUrl`, as addresses.
 */

export const WEBHOOK_HEADERS = {
  signature: 'X-Copydesk-Signature',
  timestamp: 'X-Copydesk-Timestamp',
  delivery: 'X-Copydesk-Delivery',
  event: 'X-Copydesk-Event',
} as const;

export const WEBHOOK_PAYLOAD_VERSION = 1;

/** `sha256=` and the hex HMAC of `${timestamp}.${body}`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const EXT: Record<PieceImage['mime'], string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

export class WebhookAdapter implements PublishAdapter {
  readonly kind = 'webhook' as const;
  readonly media = 'inline' as const;
  private readonly http: HttpClient;

  constructor(private readonly config: AdapterConfig) {
    this.http = config.http;
  }

  private imageBaseUrl(): string | null {
    const base = this.config.options.imageBaseUrl;
    return typeof base === 'string' && base ? base.replace(/\/+$/, '') : null;
  }

  private async send(event: string, deliveryId: string, payload: unknown, what: string) {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(this.config.now() / 1000);
    return this.http.request({
      method: 'POST',
      url: this.config.url,
      headers: {
        'Content-Type': 'application/json',
        [WEBHOOK_HEADERS.signature]: webhookSignature(this.config.secret, timestamp, body),
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.delivery]: deliveryId,
        [WEBHOOK_HEADERS.event]: event,
      },
      body,
      what,
      allowNonJson: true,
    });
  }

  async testConnection(): Promise<string> {
    await this.send('ping', `ping-${this.config.now()}`, { version: WEBHOOK_PAYLOAD_VERSION, event: 'ping' }, 'sending a test delivery');
    return 'The webhook accepted a signed test delivery.';
  }

  async uploadMedia(): Promise<RemoteMedia> {
    throw new Error('A webhook carries its images inside the payload.');
  }

  async findMedia(): Promise<RemoteMedia | null> {
    return null;
  }

  /** A receiver identifies a repeated delivery by draft id and content hash; nothing to look up here. */
  async findPost(): Promise<RemotePost | null> {
    return null;
  }

  previewFields(request: PostRequest): Record<string, unknown> {
    const { images, html: _h, markdown: _m, ...rest } = this.payload(request, new Map());
    return { ...rest, images: images.map(({ dataBase64: _d, ...image }) => image) };
  }

  payload(request: PostRequest, bytes: ReadonlyMap<string, Uint8Array>) {
    const { piece } = request;
    const base = this.imageBaseUrl();
    const href = (image: PieceImage) => (base ? `${base}/${image.id}.${EXT[image.mime]}` : `images/${image.id}.${EXT[image.mime]}`);
    const hrefs = Object.fromEntries(piece.images.map((i) => [i.id, { href: href(i) }]));
    const images = piece.images.map((image) => ({
      id: image.id,
      mime: image.mime,
      alt: image.alt,
      caption: image.caption,
      credit: image.credit,
      license: image.license,
      href: href(image),
      ...(!base && bytes.has(image.id) && { dataBase64: Buffer.from(bytes.get(image.id)!).toString('base64') }),
    }));
    return {
      version: WEBHOOK_PAYLOAD_VERSION,
      event: 'publish' as const,
      deliveryId: request.deliveryId,
      draftId: piece.draftId,
      remoteId: request.previous?.remoteId ?? null,
      contentHash: request.contentHash,
      status: request.status satisfies RemoteStatus,
      headline: piece.headline,
      dek: piece.dek,
      slug: piece.slug,
      section: piece.section,
      byline: piece.byline,
      tags: piece.tags,
      sources: piece.sources,
      topImage: piece.topImage,
      published: piece.datePublished ?? null,
      updated: piece.dateModified ?? null,
      images,
      markdown: toMarkdown(exportableOf(piece), { images: hrefs }),
      // Figures point at each image's href, as in the Markdown.
      html: pieceHtml(piece, new Map(images.map((i) => [i.id, i.href]))),
    };
  }

  async savePost(request: PostRequest, bytes: ReadonlyMap<string, Uint8Array>): Promise<RemotePost> {
    const response = await this.send('publish', request.deliveryId, this.payload(request, bytes), request.previous ? 'updating the piece' : 'delivering the piece');
    const answer = (response.json ?? {}) as { id?: unknown; url?: unknown };
    if (answer.id !== undefined && typeof answer.id !== 'string' && typeof answer.id !== 'number') {
      throw new PublishError('stop', 'The webhook answered with an id that is neither a string nor a number.');
    }
    return {
      remoteId: answer.id !== undefined ? String(answer.id) : (request.previous?.remoteId ?? request.piece.draftId),
      url: typeof answer.url === 'string' ? answer.url : '',
      slug: request.piece.slug,
      remoteStatus: request.status,
      remoteUpdated: null,
    };
  }
}
