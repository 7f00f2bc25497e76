import * as Y from 'yjs';
import type { Draft, ImageRecord, ReviewNote } from '../domain';
import { PIECE_DATE_PATTERN } from '../pieceDate';
import { readBody, writeBody } from './bodyBinding';

/**
 * One shared piece as a Y.Doc, and the two conversions between it and the
 * snapshot the app keeps. The doc holds:
 *
 * - `root` (Y.XmlText): the body, as `@lexical/yjs` binds it (bodyBinding.ts);
 * - `headline`, `dek` (Y.Text): merged character by character;
 * - `fields` (Y.Map): byline, section, slug, tags, top image, sources, and
 *   the piece's own dates (first published, updated), each one value, the
 *   last writer's;
 * - `images` (Y.Map): each image's alt, caption, credit and license under
 *   `<sha256>/<word>`, flat, so two machines adding the same image never
 *   replace each other's map;
 * - `notes` (Y.Map): each review note by its id (also its mark's id in the
 *   body), a Y.Map of its fields and a `replies` Y.Map by reply id.
 */

/** The fields every machine shares one value of. */
export type SharedValues = Pick<
  Draft,
  'byline' | 'section' | 'slug' | 'tags' | 'topImage' | 'sources' | 'datePublished' | 'dateModified'
>;
export type ImageWords = Pick<ImageRecord, 'alt' | 'caption' | 'credit' | 'license'>;
/** A review note as the desk shares it: the piece it belongs to is the doc. */
export type SharedNote = Omit<ReviewNote, 'draftId'>;
type Reply = ReviewNote['replies'][number];

export type SharedPiece = Pick<Draft, 'headline' | 'dek' | 'body'> &
  SharedValues & {
    /** The words of each image the piece uses, by the image's SHA-256. */
    images: Record<string, ImageWords>;
    notes: SharedNote[];
  };

const VALUE_KEYS = [
  'byline',
  'section',
  'slug',
  'tags',
  'topImage',
  'sources',
  'datePublished',
  'dateModified',
] as const satisfies ReadonlyArray<keyof SharedValues>;
const DATE_KEYS: ReadonlyArray<keyof SharedValues> = ['datePublished', 'dateModified'];
const IMAGE_WORDS = ['alt', 'caption', 'credit', 'license'] as const satisfies ReadonlyArray<keyof ImageWords>;
const NOTE_VALUES = [
  'quote',
  'body',
  'author',
  'createdAt',
  'resolvedAt',
  'resolvedBy',
] as const satisfies ReadonlyArray<keyof SharedNote>;

const texts = (doc: Y.Doc) => ({ headline: doc.getText('headline'), dek: doc.getText('dek') });
const valuesOf = (doc: Y.Doc) => doc.getMap<unknown>('fields');
const imagesOf = (doc: Y.Doc) => doc.getMap<string>('images');
const notesOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('notes');

/**
 * Writes a whole local snapshot into the doc as the smallest change, in one
 * transaction with the given origin: the body through Lexical's binding (only
 * changed nodes change), text fields by their changed span, the rest only
 * where they differ. An unchanged piece writes nothing. Do not call it inside
 * another transaction on the doc that also carries remote changes.
 */
export function applyPieceToDoc(doc: Y.Doc, piece: SharedPiece, origin: unknown): void {
  doc.transact((transaction) => {
    writeBody(doc, transaction, piece.body);
    const { headline, dek } = texts(doc);
    writeText(headline, piece.headline);
    writeText(dek, piece.dek);
    const values = valuesOf(doc);
    for (const key of VALUE_KEYS) {
      // No date is the same as a date never written: a piece shared before dates travelled gains nothing to send.
      if (DATE_KEYS.includes(key) && piece[key] === '' && !values.has(key)) continue;
      setIfChanged(values, key, piece[key]);
    }
    writeImages(imagesOf(doc), piece.images);
    writeNotes(notesOf(doc), piece.notes);
  }, origin);
}

/** The snapshot the doc holds now: what the app stores, lists, searches and exports. */
export function pieceFromDoc(doc: Y.Doc): SharedPiece {
  const { headline, dek } = texts(doc);
  const values = valuesOf(doc);
  const value = <K extends keyof SharedValues>(key: K, fallback: SharedValues[K]): SharedValues[K] =>
    values.has(key) ? (structuredClone(values.get(key)) as SharedValues[K]) : fallback;
  return {
    headline: headline.toString(),
    dek: dek.toString(),
    body: readBody(doc),
    byline: value('byline', []),
    section: value('section', ''),
    slug: value('slug', ''),
    tags: value('tags', []),
    topImage: value('topImage', null),
    sources: value('sources', []),
    datePublished: dateIn(values, 'datePublished'),
    dateModified: dateIn(values, 'dateModified'),
    images: readImages(imagesOf(doc)),
    notes: readNotes(notesOf(doc)),
  };
}

/** A date as another machine wrote it: only the stored form (pieceDate.ts) is taken, as the draft and a CMS need it. */
function dateIn(values: Y.Map<unknown>, key: 'datePublished' | 'dateModified'): string {
  const value = values.get(key);
  return typeof value === 'string' && PIECE_DATE_PATTERN.test(value) ? value : '';
}

/**
 * The headline and review notes alone, without the body: reading the body
 * binds a headless editor to the doc for its life (bodyBinding.ts), which a
 * server reading a live doc would then pay for on every keystroke.
 */
export function notesFromDoc(doc: Y.Doc): Pick<SharedPiece, 'headline' | 'notes'> {
  return { headline: texts(doc).headline.toString(), notes: readNotes(notesOf(doc)) };
}

/** Replaces only the span between the common start and end, so a concurrent edit elsewhere in the text survives. */
function writeText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < shorter - start &&
    current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  )
    end++;
  // Never split a surrogate pair: widen the span to whole characters.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  text.delete(start, current.length - start - end);
  text.insert(start, next.slice(start, next.length - end));
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (!map.has(key) || !sameValue(map.get(key), value)) map.set(key, structuredClone(value));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

function writeImages(map: Y.Map<string>, images: Record<string, ImageWords>): void {
  const wanted = new Map<string, string>();
  for (const [hash, words] of Object.entries(images))
    for (const word of IMAGE_WORDS) wanted.set(`${hash}/${word}`, words[word]);
  for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key);
  for (const [key, value] of wanted) if (map.get(key) !== value) map.set(key, value);
}

function readImages(map: Y.Map<string>): Record<string, ImageWords> {
  const images: Record<string, ImageWords> = {};
  for (const [key, value] of map.entries()) {
    const slash = key.lastIndexOf('/');
    const word = key.slice(slash + 1) as keyof ImageWords;
    if (slash < 0 || !IMAGE_WORDS.includes(word)) continue;
    const hash = key.slice(0, slash);
    images[hash] ??= { alt: '', caption: '', credit: '', license: '' };
    images[hash][word] = value;
  }
  return images;
}

function writeNotes(map: Y.Map<Y.Map<unknown>>, notes: readonly SharedNote[]): void {
  const ids = new Set(notes.map((n) => n.id));
  for (const id of [...map.keys()]) if (!ids.has(id)) map.delete(id);
  for (const note of notes) {
    let shared = map.get(note.id);
    if (!shared) {
      shared = new Y.Map<unknown>();
      shared.set('replies', new Y.Map<Omit<Reply, 'id'>>());
      map.set(note.id, shared);
    }
    for (const key of NOTE_VALUES) setIfChanged(shared, key, note[key]);
    const replies = shared.get('replies') as Y.Map<Omit<Reply, 'id'>>;
    const replyIds = new Set(note.replies.map((r) => r.id));
    for (const id of [...replies.keys()]) if (!replyIds.has(id)) replies.delete(id);
    for (const { id, ...reply } of note.replies) setIfChanged(replies as Y.Map<unknown>, id, reply);
  }
}

/** Notes and replies in the order the store lists them: oldest first, then by id. */
const byTime = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** A note's word as a string; another client's doc may hold anything under a key. */
const textOf = (map: Y.Map<unknown>, key: string): string => {
  const value = map.get(key);
  return typeof value === 'string' ? value : '';
};

function readNotes(map: Y.Map<Y.Map<unknown>>): SharedNote[] {
  const notes: SharedNote[] = [];
  for (const [id, shared] of map.entries()) {
    const replies = shared.get('replies') as Y.Map<Omit<Reply, 'id'>> | undefined;
    notes.push({
      id,
      quote: textOf(shared, 'quote'),
      body: textOf(shared, 'body'),
      author: textOf(shared, 'author'),
      createdAt: textOf(shared, 'createdAt'),
      resolvedAt: (shared.get('resolvedAt') as string | null | undefined) ?? null,
      resolvedBy: textOf(shared, 'resolvedBy'),
      replies: [...(replies?.entries() ?? [])]
        .map(([replyId, reply]) => ({ id: replyId, ...structuredClone(reply) }))
        .sort(byTime),
    });
  }
  return notes.sort(byTime);
}
