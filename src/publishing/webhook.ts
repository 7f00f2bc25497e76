import { createHmac } from 'node:crypto';
import { PIECE_FIELDS } from '../common/domain';
import { toMarkdown } from '../common/export/markdown';
import { pick } from '../common/pick';
import { firstBytes, PublishError, type HttpClient, type HttpResponse } from './http';
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

const EXT: Record<PieceImage['mime'], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

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
    const what = 'sending a test delivery';
    answerOf(
      await this.send('ping', `ping-${this.config.now()}`, { version: WEBHOOK_PAYLOAD_VERSION, event: 'ping' }, what),
      what,
    );
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
    const { datePublished, dateModified, ...fields } = pick(piece, PIECE_FIELDS);
    const base = this.imageBaseUrl();
    const href = (image: PieceImage) =>
      base ? `${base}/${image.id}.${EXT[image.mime]}` : `images/${image.id}.${EXT[image.mime]}`;
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
      ...fields,
      published: datePublished ?? null,
      updated: dateModified ?? null,
      images,
      markdown: toMarkdown(exportableOf(piece), { images: hrefs }),
      // Figures point at each image's href, as in the Markdown.
      html: pieceHtml(piece, new Map(images.map((i) => [i.id, i.href]))),
    };
  }

  async savePost(request: PostRequest, bytes: ReadonlyMap<string, Uint8Array>): Promise<RemotePost> {
    const what = request.previous ? 'updating the piece' : 'delivering the piece';
    const answer = answerOf(await this.send('publish', request.deliveryId, this.payload(request, bytes), what), what);
    if (answer && (answer.id === undefined || answer.id === null || answer.id === ''))
      throw unexpected(what, answer.raw, 'it has no "id"');
    return {
      // An empty answer: the receiver keys the piece by the id it was given before, or by the draft's id (README).
      remoteId: answer ? String(answer.id) : (request.previous?.remoteId ?? request.piece.draftId),
      url: answer?.url ?? '',
      slug: request.piece.slug,
      remoteStatus: request.status,
      remoteUpdated: null,
    };
  }
}

interface WebhookAnswer {
  id?: string | number | null;
  url?: string;
  raw: string;
}

/** A 2xx the README documents: an empty body, or a JSON object whose `id` is a string or a number and whose `url` is a web address. */
function answerOf(response: HttpResponse, what: string): WebhookAnswer | null {
  if (response.text.trim() === '') return null;
  const json = response.json;
  if (json === undefined) throw unexpected(what, response.text, 'it is not JSON');
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw unexpected(what, response.text, 'it is not a JSON object');
  const { id, url } = json as Record<string, unknown>;
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number')
    throw unexpected(what, response.text, '"id" is neither a string nor a number');
  if (url !== undefined && url !== null && (typeof url !== 'string' || (url !== '' && !/^https?:\/\//i.test(url)))) {
    throw unexpected(what, response.text, '"url" is not a web address');
  }
  return { ...(id !== undefined && { id }), ...(typeof url === 'string' && { url }), raw: response.text };
}

/** The receiver said 2xx but not what the README promises: Copydesk cannot tell what it did with the piece, so nothing is marked published. */
function unexpected(what: string, text: string, problem: string): PublishError {
  return new PublishError(
    'stop',
    `The webhook answered ${what} with a success, but not with what Copydesk expects (an empty body, or JSON like {"id": "…", "url": "https://…"}): ${problem}. It began: “${firstBytes(text)}”. Nothing is marked as published; fix the endpoint's answer, then publish again.`,
    { mayHaveArrived: true },
  );
}
