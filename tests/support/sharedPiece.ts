import type { SharedPiece } from '../../src/common/collab/pieceDoc';
import { documentOf } from '../../src/common/lexical/document';

/** A shared piece holding only what `over` gives it: no blocks in the body, no fields, images or notes. */
export const sharedPieceWith = (over: Partial<SharedPiece> = {}): SharedPiece => ({
  headline: '',
  dek: '',
  body: documentOf([]),
  byline: [],
  section: '',
  slug: '',
  tags: [],
  topImage: null,
  datePublished: '',
  dateModified: '',
  sources: [],
  images: {},
  notes: [],
  ...over,
});
