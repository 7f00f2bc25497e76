import { LIMITS } from '../domain';
import { deskHttpUrl } from './protocol';

/**
 * How images travel between the app and the desk: plain HTTP on the
 * desk's own port, each image at /images/<SHA-256 hex of its bytes>, the
 * user's token as a Bearer token. The app and the server share these.
 */

export const DESK_IMAGES_PATH = '/images/';

/** The largest image the desk takes: the same cap as the app's own library. */
export const DESK_IMAGE_MAX_BYTES = LIMITS.imageBytes;

/** An image id is the lowercase hex SHA-256 of its bytes. */
export function isImageId(id: string): boolean {
  return /^[0-9a-f]{64}$/.test(id);
}

/** The query parameter naming the piece an image belongs to: the piece's rights are the image's. */
export const DESK_IMAGE_PIECE_PARAM = 'piece';

/** The HTTP address on the desk at `deskUrl` of an image of the piece whose document is `piece`. */
export function deskImageUrl(deskUrl: string, id: string, piece: string): string {
  return deskHttpUrl(deskUrl, `${DESK_IMAGES_PATH}${id}`, { [DESK_IMAGE_PIECE_PARAM]: piece });
}
