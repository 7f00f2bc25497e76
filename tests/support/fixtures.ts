import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceHandlers } from '../../src/common/api';
import type { Draft } from '../../src/common/domain';
import { documentOf, type LexicalDocument, type SerializedNode } from '../../src/common/lexical/document';
import {
  headingNode,
  linkNode,
  listNode,
  paragraphNode,
  quoteNode,
  textNode,
  type TextMark,
} from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';

/** The shared fixture articles (tests/fixtures, copied from the team's shared set) as Copydesk drafts. */

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');
export const FIXTURE_IMAGES_DIR = join(FIXTURES_DIR, 'images');

/** A run's text may itself be a run: the fixtures nest formatting that way ("bold around italic"). */
export interface FixtureRun {
  text: string | FixtureRun;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
  link?: string;
}

export type FixtureBlock =
  | { type: 'paragraph' | 'quote'; runs: FixtureRun[] }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; runs: FixtureRun[] }
  | { type: 'list'; ordered: boolean; items: Array<{ runs: FixtureRun[] }> }
  | { type: 'image'; image: string };

export interface FixtureArticle {
  headline: string;
  dek: string;
  byline: string[];
  section: string;
  tags: string[];
  status: 'draft' | 'in_review';
  sources: Array<{
    id: string;
    outlet: string;
    title: string;
    url: string;
    author?: string;
    published?: string;
    accessed?: string;
    notes?: string;
  }>;
  images: Array<{ id: string; file: string; alt: string; caption: string; credit: string; license: string }>;
  body: FixtureBlock[];
}

export function fixtureNames(): string[] {
  return readdirSync(join(FIXTURES_DIR, 'articles'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export function loadFixture(name: string): FixtureArticle {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'articles', `${name}.json`), 'utf8')) as FixtureArticle;
}

const MARKS = ['bold', 'italic', 'underline', 'strikethrough', 'code'] as const;

/** Flattens a possibly nested run into its text, every mark on the way down, and the innermost link. */
function flattenRun(
  run: FixtureRun,
  marks: TextMark[] = [],
  link?: string,
): { text: string; marks: TextMark[]; link?: string } {
  const here = [...marks, ...MARKS.filter((m) => run[m] && !marks.includes(m))];
  const url = run.link ?? link;
  if (typeof run.text === 'object') return flattenRun(run.text, here, url);
  return url === undefined ? { text: run.text, marks: here } : { text: run.text, marks: here, link: url };
}

function runsToNodes(runs: FixtureRun[]): SerializedNode[] {
  return runs.map((run) => {
    const flat = flattenRun(run);
    const text = textNode(flat.text, flat.marks);
    return flat.link ? linkNode(flat.link, [text]) : text;
  });
}

/** Builds the Lexical document for a fixture; `imageIds` maps fixture image ids to store ids. */
export function fixtureDocument(article: FixtureArticle, imageIds: Record<string, string> = {}): LexicalDocument {
  const children = article.body.map((block): SerializedNode => {
    switch (block.type) {
      case 'paragraph':
        return paragraphNode(runsToNodes(block.runs));
      case 'quote':
        return quoteNode(runsToNodes(block.runs));
      case 'heading':
        return headingNode(block.level, runsToNodes(block.runs));
      case 'list':
        return listNode(
          block.ordered,
          block.items.map((item) => runsToNodes(item.runs)),
        );
      case 'image': {
        const meta = article.images.find((i) => i.id === block.image)!;
        return figureNode({
          image: imageIds[block.image] ?? meta.id,
          alt: meta.alt,
          caption: meta.caption,
          credit: meta.credit,
          license: meta.license,
        });
      }
    }
  });
  return documentOf(children.length ? children : [paragraphNode([])]);
}

/** Loads a fixture through the store: images imported, then the draft created with every field. */
export async function createFixtureDraft(handlers: ServiceHandlers, name: string): Promise<Draft> {
  const article = loadFixture(name);
  const imageIds: Record<string, string> = {};
  for (const image of article.images) {
    // As the editor brings in a dropped or pasted image: its bytes, never a path.
    const record = await handlers['images.import']({
      name: image.file,
      dataBase64: readFileSync(join(FIXTURE_IMAGES_DIR, image.file)).toString('base64'),
      alt: image.alt,
      caption: image.caption,
      credit: image.credit,
      license: image.license,
    });
    imageIds[image.id] = record.id;
  }
  const firstImage = article.body.find((b) => b.type === 'image');
  return handlers['drafts.create']({
    headline: article.headline,
    dek: article.dek,
    slug: '',
    section: article.section,
    byline: article.byline,
    tags: article.tags,
    status: article.status,
    topImage: firstImage && firstImage.type === 'image' ? imageIds[firstImage.image]! : null,
    body: fixtureDocument(article, imageIds),
    sources: article.sources.map((s) => ({
      id: s.id,
      outlet: s.outlet,
      title: s.title,
      url: s.url,
      author: s.author ?? '',
      published: s.published ?? '',
      accessed: s.accessed ?? '',
      notes: s.notes ?? '',
    })),
  });
}
