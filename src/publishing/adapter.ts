import type { PublishTargetKind } from '../common/publish';
import type { HttpClient } from './http';
import type { Piece, PieceImage, RemoteStatus } from './piece';

/** What every CMS adapter offers the outbox. Each method is one idempotent step or a lookup. */

export interface RemoteMedia {
  remoteId: string;
  url: string;
}

export interface RemotePost {
  remoteId: string;
  url: string;
  slug: string;
  remoteStatus: string;
  /** Ghost's `updated_at`, sent back on the next update. */
  remoteUpdated: string | null;
}

export interface PostRequest {
  piece: Piece;
  status: RemoteStatus;
  /** The body with figures pointing at the uploaded media. */
  html: string;
  media: ReadonlyMap<string, RemoteMedia>;
  marker: string;
  contentHash: string;
  /** The post this draft already has there, and its `updated_at` when we last wrote it. */
  previous: { remoteId: string; remoteUpdated: string | null } | null;
  /** Unique per publish: receivers may use it to drop a repeated delivery. */
  deliveryId: string;
}

export interface PublishAdapter {
  readonly kind: PublishTargetKind;
  /** `upload`: media go up first, one request each. `inline`: they travel inside the post request. */
  readonly media: 'upload' | 'inline';
  /** Succeeds with a sentence ("Connected to WordPress as admin."), or throws a PublishError naming the problem. */
  testConnection(): Promise<string>;
  uploadMedia(image: PieceImage, bytes: Uint8Array): Promise<RemoteMedia>;
  /** Brings an uploaded image's alt text and caption up to date (they changed since the upload). */
  updateMedia?(media: RemoteMedia, image: PieceImage): Promise<void>;
  /** A copy of this image that an interrupted upload may have left there. */
  findMedia(image: PieceImage): Promise<RemoteMedia | null>;
  /** The post an interrupted create may have made: by slug, confirmed by our marker. */
  findPost(piece: Piece, marker: string): Promise<RemotePost | null>;
  /** Creates the post or updates `previous` in place. */
  savePost(request: PostRequest, images: ReadonlyMap<string, Uint8Array>): Promise<RemotePost>;
  /** The fields the post request will carry, for the dry run. */
  previewFields(request: PostRequest): Record<string, unknown>;
}

export interface AdapterConfig {
  url: string;
  user: string;
  secret: string;
  options: Record<string, unknown>;
  http: HttpClient;
  /** Wall-clock time for tokens and signatures (a CMS checks them against its own clock). */
  now: () => number;
}
