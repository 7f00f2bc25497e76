import type { Draft, ImageRecord } from '../../common/domain';
import { AppError } from '../../common/errors';
import { imageIdsOf } from '../../common/nodes/figure/figureJson';
import type { Queryable } from '../db/sqlite';
import { loadDraft } from '../services/draftRecords';
import { pieceOf, type Piece } from '../../publishing/piece';

/** A draft's snapshot for publishing, with the library's record of each image it uses; refused for a trashed piece or a missing image. */
export async function pieceOfDraft(q: Queryable, draft: Draft): Promise<Piece> {
  if (draft.trashedAt !== null)
    throw new AppError('trashed', 'This draft is in the trash; restore it before publishing.');
  const ids = imageIdsOf(draft.body, draft.topImage);
  const images = ids.length
    ? await q.all<ImageRecord>(
        `SELECT id, mime, alt, caption, credit, license FROM images WHERE id IN (${ids.map(() => '?').join(',')})`,
        ids,
      )
    : [];
  const missing = ids.filter((id) => !images.some((i) => i.id === id));
  if (missing.length > 0)
    throw new AppError(
      'not_found',
      `This piece uses an image that is not in the library (${missing[0]!.slice(0, 12)}…); remove the figure or import the image again.`,
    );
  return pieceOf(draft, images);
}

export async function loadPiece(q: Queryable, draftId: string): Promise<Piece> {
  return pieceOfDraft(q, await loadDraft(q, draftId));
}
