import type * as Y from 'yjs';
import { pieceFromDoc } from '../common/collab/pieceDoc';
import { imageIdsOf } from '../common/nodes/figure/figureJson';
import { PublishError } from '../publishing/http';
import { sniffImage } from '../publishing/imageSniff';
import { pieceOf, type Piece, type PieceImage } from '../publishing/piece';

/**
 * What the desk sends to a CMS for a shared piece: the same snapshot the app
 * makes of a draft (publishing/piece.ts), taken from the piece's document,
 * with each image's bytes from the desk's own store.
 */

export interface ImageSource {
  loadImage(id: string): Promise<Uint8Array | null>;
}

/** The id the piece had where it was first shared: the post's marker then matches one the app may have made. */
export function draftIdOfDocument(document: string): string {
  return document.replace(/^piece-/, '');
}

export async function pieceOfDocument(
  doc: Y.Doc,
  document: string,
  images: ImageSource,
  times: { createdAt: string; updatedAt: string },
): Promise<{ piece: Piece; bytes: Map<string, Uint8Array> }> {
  const shared = pieceFromDoc(doc);
  const bytes = new Map<string, Uint8Array>();
  const records: PieceImage[] = [];
  for (const id of imageIdsOf(shared.body, shared.topImage)) {
    const found = await images.loadImage(id);
    if (!found) {
      // Its writer's app uploads it on their next sync: worth waiting for.
      throw new PublishError(
        'retry',
        `The image ${id.slice(0, 12)}… has not reached the desk yet; the publish waits until its writer's app syncs.`,
      );
    }
    const sniffed = sniffImage(Buffer.from(found.buffer, found.byteOffset, found.byteLength));
    if (!sniffed.ok)
      throw new PublishError('stop', `The image ${id.slice(0, 12)}… cannot be published: ${sniffed.reason}.`);
    const words = shared.images[id];
    records.push({
      id,
      mime: sniffed.info.mime,
      alt: words?.alt ?? '',
      caption: words?.caption ?? '',
      credit: words?.credit ?? '',
      license: words?.license ?? '',
    });
    bytes.set(id, found);
  }
  const piece = pieceOf(
    {
      id: draftIdOfDocument(document),
      headline: shared.headline,
      dek: shared.dek,
      slug: shared.slug,
      section: shared.section,
      byline: shared.byline,
      tags: shared.tags,
      sources: shared.sources,
      topImage: shared.topImage,
      body: shared.body,
      // An archive piece keeps its first publication date at the CMS, as the app's own publish sends it.
      datePublished: shared.datePublished,
      dateModified: shared.dateModified,
      ...times,
    },
    records,
  );
  return { piece, bytes };
}
