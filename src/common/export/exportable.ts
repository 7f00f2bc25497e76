import { ImageId, type Draft } from '../domain';

/** What an export reads of a draft: everything a reader or a static site needs, nothing of the store's bookkeeping. */
export type ExportableDraft = Pick<
  Draft,
  | 'headline'
  | 'dek'
  | 'slug'
  | 'section'
  | 'byline'
  | 'status'
  | 'tags'
  | 'sources'
  | 'topImage'
  | 'body'
  | 'createdAt'
  | 'updatedAt'
  | 'datePublished'
  | 'dateModified'
>;

/** How an export refers to one stored image, and the words stored with it (used for the top image). */
export interface ExportImage {
  /** The path or URL written into the file, e.g. `assets/<sha>.png`. */
  href: string;
  alt?: string;
  caption?: string;
  credit?: string;
  license?: string;
}

export interface ExportImages {
  /** Image id → how to refer to it. Ids not listed are written as `assets/<id>`; a stored reference that is not an id as `assets/missing-image`. */
  images?: Readonly<Record<string, ExportImage>>;
}

export function imageHref(options: ExportImages, id: string): string {
  // A body stored by an older import may hold `../../etc/passwd` as an image: never write a link out of `assets/`.
  return options.images?.[id]?.href ?? (ImageId.safeParse(id).success ? `assets/${id}` : 'assets/missing-image');
}
