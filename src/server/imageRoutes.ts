import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as Y from 'yjs';
import { imagesNamedBy } from '../common/collab/docImages';
import type { DraftStatus } from '../common/domain';
import { DESK_IMAGE_MAX_BYTES, DESK_IMAGE_PIECE_PARAM, DESK_IMAGES_PATH, isImageId } from '../common/desk/images';
import type { DeskUser, DocumentStore } from './store';
import { isPieceDocument, lockedFor } from './writeLocks';

/**
 * The desk's image endpoints, on the sync server's own port:
 * PUT /images/<sha256>?piece=<document> stores the body once if its SHA-256
 * is the name, GET returns the bytes, HEAD says whether the desk has them.
 * Every request carries a user's token (Authorization: Bearer), checked as
 * the websocket's is, and names the piece the image belongs to: the roles'
 * rule for a piece's document is the rule for its images. Any member may
 * read an image of a piece on the desk (every member reads every piece);
 * uploading is writing to the piece, so a writer may not once it is
 * published or archived (writeLocks.ts); and the piece must name the image,
 * so the desk keeps no bytes no piece uses.
 */

export interface ImageRouteOptions {
  store: DocumentStore;
  maxBytes?: number;
  /** The piece's status, as the sync connection's write lock asks it. */
  status: (document: string) => Promise<DraftStatus>;
  /** The piece's document as it is now (the live one when open), or null when the desk holds none. */
  loadDocument: (document: string) => Promise<Y.Doc | null>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function answer(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = `${message}\n`;
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

async function authenticate(store: DocumentStore, request: IncomingMessage): Promise<DeskUser> {
  const header = request.headers.authorization;
  if (!header)
    throw new HttpRefusal(
      401,
      'no-token: send the token `copydesk-server users add` printed, as "Authorization: Bearer <token>".',
      { 'WWW-Authenticate': 'Bearer' },
    );
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new HttpRefusal(401, 'no-token: the Authorization header must be "Bearer <token>".', {
      'WWW-Authenticate': 'Bearer',
    });
  const user = await store.findUserByToken(match[1]!);
  if (!user) {
    throw new HttpRefusal(
      403,
      'unknown-or-revoked-token: this token is not (or no longer) valid; ask the desk admin for a new one.',
    );
  }
  return user;
}

/**
 * The roles' rule: the request must name a piece on the desk that uses the
 * image, and an upload must come from someone who may change that piece now.
 */
async function checkPiece(
  options: ImageRouteOptions,
  user: DeskUser,
  document: string | null,
  id: string,
  upload: boolean,
): Promise<void> {
  if (!document || !isPieceDocument(document))
    throw new HttpRefusal(
      400,
      `no-piece: name the piece the image belongs to, as ?${DESK_IMAGE_PIECE_PARAM}=piece-…; nothing was ${upload ? 'stored' : 'sent'}.`,
    );
  if (upload) {
    const status = await options.status(document);
    if (lockedFor(user.role, status))
      throw new HttpRefusal(
        403,
        `piece-locked: the piece is ${status}, and a ${user.role} may not change it, so its images are not taken from you; an editor may reopen it. Nothing was stored.`,
        { Connection: 'close' },
      );
  }
  const doc = await options.loadDocument(document);
  if (!doc)
    throw new HttpRefusal(
      404,
      `no-such-piece: the desk holds no piece ${document.slice(0, 80)}; share it (its words) before its images.`,
    );
  // Its words may be on their way still (the upload raced them): the client tries again shortly.
  if (!imagesNamedBy(doc).has(id))
    throw new HttpRefusal(
      409,
      `not-in-piece: ${document.slice(0, 80)} does not use this image (yet); it is taken once the piece's words name it. Nothing was ${upload ? 'stored' : 'sent'}.`,
      upload ? { Connection: 'close' } : {},
    );
}

/** Reads the body up to `maxBytes`, hashing as it goes; a larger body is refused without being read to its end. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<{ bytes: Buffer; sha256: string }> {
  const tooLarge = (): HttpRefusal =>
    new HttpRefusal(
      413,
      `image-too-large: the desk takes images up to ${Math.round(maxBytes / 1024 / 1024)} MB; nothing was stored.`,
      { Connection: 'close' },
    );
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks, size), sha256: hash.digest('hex') };
}

async function route(
  options: ImageRouteOptions,
  request: IncomingMessage,
  response: ServerResponse,
  id: string,
  piece: string | null,
): Promise<void> {
  const { store } = options;
  const method = request.method ?? 'GET';
  if (!['GET', 'HEAD', 'PUT'].includes(method))
    throw new HttpRefusal(405, `${method} is not something the desk does with images: use GET, HEAD or PUT.`, {
      Allow: 'GET, HEAD, PUT',
    });
  const user = await authenticate(store, request);
  if (!isImageId(id))
    throw new HttpRefusal(
      400,
      `not-an-image-id: "${id.slice(0, 80)}" is not an image id (the 64 lowercase hex digits of the image's SHA-256).`,
    );
  await checkPiece(options, user, piece, id, method === 'PUT');
  if (method === 'PUT') {
    const { bytes, sha256 } = await readBody(request, options.maxBytes ?? DESK_IMAGE_MAX_BYTES);
    if (bytes.length === 0) throw new HttpRefusal(400, 'empty-image: the body was empty; nothing was stored.');
    if (sha256 !== id) {
      throw new HttpRefusal(
        400,
        `hash-mismatch: the body's SHA-256 is ${sha256}, not ${id}; the image was damaged on the way or sent under the wrong name. Nothing was stored.`,
      );
    }
    const stored = await store.storeImage(id, bytes);
    answer(response, stored ? 201 : 200, stored ? 'stored' : 'already held');
    return;
  }
  if (method === 'HEAD') {
    const size = await store.imageSize(id);
    response.writeHead(
      size === null ? 404 : 200,
      size === null ? {} : { 'Content-Type': 'application/octet-stream', 'Content-Length': size },
    );
    response.end();
    return;
  }
  const bytes = await store.loadImage(id);
  if (!bytes)
    throw new HttpRefusal(
      404,
      'no-such-image: the desk does not have this image (yet): its writer uploads it on their next sync.',
    );
  response.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': bytes.byteLength,
    // The address is the content: it never changes.
    'Cache-Control': 'private, max-age=31536000, immutable',
  });
  response.end(bytes);
}

/**
 * Answers the request when it is for /images/…, and says so (true); any
 * other path is left to Hocuspocus (false). Never rejects: a failure is
 * answered 500, since a rejection here would end the whole server process.
 */
export async function handleImageRequest(
  options: ImageRouteOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://desk');
  const path = url.pathname;
  if (!path.startsWith(DESK_IMAGES_PATH)) return false;
  try {
    await route(
      options,
      request,
      response,
      path.slice(DESK_IMAGES_PATH.length),
      url.searchParams.get(DESK_IMAGE_PIECE_PARAM),
    );
  } catch (err) {
    if (response.headersSent) {
      response.destroy();
    } else if (err instanceof HttpRefusal) {
      answer(response, err.status, err.message, err.headers);
    } else {
      // The store failed (the database went away): the client tries again later.
      answer(
        response,
        500,
        `desk-error: the desk could not do this just now (${(err as Error).message}); try again later. Nothing was lost.`,
      );
    }
  }
  return true;
}
