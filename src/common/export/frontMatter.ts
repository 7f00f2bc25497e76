import { stringify, type Tags } from 'yaml';
import type { LexicalDocument } from '../lexical/document';
import { figuresOf } from '../nodes/figure/figureJson';
import type { ExportableDraft, ExportImages } from './exportable';
import { imageHref } from './exportable';

/**
 * YAML front matter that Hugo, Jekyll, Astro and Obsidian read as it is.
 * Written as YAML 1.1-safe text: strings such as `yes`, `no`, `on`, `1:20`
 * or `2026-08-20` are quoted so that 1.1 parsers (Jekyll's Psych, go-yaml)
 * read them as strings, while `date`, `publishDate`, `lastmod` and `updated`
 * are plain ISO 8601 timestamps that every one of them reads as a date.
 */

export interface FrontMatterImage {
  src: string;
  alt: string;
  caption: string;
  credit: string;
  license: string;
}

/** A timestamp written unquoted: a day, or a moment with its zone. */
class Timestamp {
  constructor(readonly iso: string) {}
}

const timestampTag = {
  identify: (value: unknown) => value instanceof Timestamp,
  default: true,
  tag: 'tag:yaml.org,2002:timestamp',
  resolve: (source: string) => new Timestamp(source),
  stringify: ({ value }: { value: unknown }) => (value as Timestamp).iso,
};

function timestamp(iso: string): Timestamp {
  return new Timestamp(new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z'));
}

export type ImageWords = Omit<FrontMatterImage, 'src'>;

/**
 * The words a piece gives one of its images. One stored image has one set of
 * words wherever it appears: where the image is a figure in the text (the
 * top image often is), the first figure's words are the ones the writer
 * edits, and they go wherever the image goes — front matter, a CMS's
 * featured image; otherwise the words stored with the image.
 */
export function imageWordsIn(body: LexicalDocument, id: string, stored: Partial<ImageWords> | undefined): ImageWords {
  const figure = figuresOf(body).find((f) => f.image === id);
  if (figure) return { alt: figure.alt, caption: figure.caption, credit: figure.credit, license: figure.license };
  return {
    alt: stored?.alt ?? '',
    caption: stored?.caption ?? '',
    credit: stored?.credit ?? '',
    license: stored?.license ?? '',
  };
}

export function frontMatterData(
  draft: ExportableDraft,
  body: LexicalDocument,
  options: ExportImages,
): Record<string, unknown> {
  const data: Record<string, unknown> = { title: draft.headline };
  if (draft.dek) data.dek = draft.dek;
  data.authors = [...draft.byline];
  if (draft.section) data.section = draft.section;
  data.tags = [...draft.tags];
  // The piece's own dates when it has them (an archive's); else when it was written and last edited.
  data.date = draft.datePublished ? new Timestamp(draft.datePublished) : timestamp(draft.createdAt);
  if (draft.dateModified) data.lastmod = new Timestamp(draft.dateModified);
  else data.updated = timestamp(draft.updatedAt);
  // Hugo's own key for the publication date: with it, an import tells the piece's date from its creation.
  if (draft.datePublished) data.publishDate = new Timestamp(draft.datePublished);
  if (draft.slug) data.slug = draft.slug;
  data.status = draft.status;
  data.draft = draft.status !== 'published';
  if (draft.topImage) {
    data.image = {
      src: imageHref(options, draft.topImage),
      ...imageWordsIn(body, draft.topImage, options.images?.[draft.topImage]),
    } satisfies FrontMatterImage;
  }
  const figures = figuresOf(body);
  if (figures.length > 0) {
    data.images = figures.map((f): FrontMatterImage => ({
      src: imageHref(options, f.image),
      alt: f.alt,
      caption: f.caption,
      credit: f.credit,
      license: f.license,
    }));
  }
  if (draft.sources.length > 0) {
    data.sources = draft.sources.map((s) => {
      const entry: Record<string, string> = { id: s.id };
      for (const key of ['outlet', 'title', 'url', 'author', 'published', 'accessed', 'notes'] as const)
        if (s[key]) entry[key] = s[key];
      return entry;
    });
  }
  return data;
}

export function frontMatterYaml(data: Record<string, unknown>): string {
  return stringify(data, { version: '1.1', lineWidth: 0, customTags: (tags: Tags) => [timestampTag, ...tags] });
}
