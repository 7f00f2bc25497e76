import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { DRAFT_STATUSES, tagKey, type DraftStatus } from '../../src/common/domain';
import { countWords, plainText, type LexicalDocument, type SerializedNode } from '../../src/common/lexical/document';
import { headingNode, listNode, paragraphNode, quoteNode, textNode } from '../../src/common/lexical/nodes';
import { MIGRATIONS } from '../../src/main/db/migrations';
import { sourcesText } from '../../src/main/services/draftRecords';
import { startStore } from '../../src/main/store';
import { fixtureNames, loadFixture, type FixtureArticle, type FixtureRun } from '../support/fixtures';
import { between, pick, seeded } from '../support/random';

/**
 * A library of N article-sized drafts for the search and library
 * benchmarks, generated once and cached under .bench-cache/.
 *
 * Bodies are 300–800 words assembled from the fixture articles' blocks, but
 * a library whose pieces all repeat the same 400 words would make every
 * fixture word match every draft. So each content word (four letters or
 * more, not a function word) survives into a given draft only with a small
 * probability and is otherwise replaced by a word from a synthetic
 * vocabulary drawn with a Zipf law, as real vocabularies are. Function words
 * stay, so "the" is in every draft as it would be. The query terms the
 * benchmark uses have their survival rate set here so that they span common
 * to rare (about 25 % down to 0.3 % of drafts); every other fixture word gets
 * a rate from its hash. The benchmark prints how many drafts each query
 * matches.
 *
 * Rows are written with prepared INSERTs in one transaction, straight into
 * the schema the migrations create; the FTS triggers index them as they
 * would any save.
 */

/** Bump when the generator changes what it writes; the schema is keyed by hashing the migrations. */
const GENERATOR_VERSION = 3;

/** The search terms of the benchmark, as a writer would type them (all from the fixtures). */
export const QUERY_TERMS = [
  'talks',
  'offensive',
  'Qatar',
  'mediators',
  'verification',
  'power plant',
  'negotia',
] as const;

/** Chance that one occurrence of the word survives; tuned for the document frequencies above. */
const SURVIVAL: Record<string, number> = {
  talks: 0.07,
  talk: 0.07,
  offensive: 0.03,
  qatar: 0.02,
  mediators: 0.008,
  verification: 0.0015,
};

const FUNCTION_WORDS = new Set(
  `about above after again against also although among another because been before being below between both could does doing down during each either even every from further have having here into itself just least less many might more most much must neither none only other over same should since some such than that their them then there these they this those though through under until upon very were what when where whether which while whom whose will with within without would your`.split(
    ' ',
  ),
);

const SYLLABLES =
  `ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu bar ber dor fen gal han kor lan mer nor par ros sten tor val ven wen zar ish an el on ar in`.split(
    ' ',
  );

const EXTRA_SECTIONS = [
  'World',
  'Business',
  'Science',
  'Culture',
  'Opinion',
  'Sport',
  'Technology',
  'Climate',
  'Health',
  'Politics',
];
const EXTRA_OUTLETS = [
  'Agence France-Presse',
  'BBC News',
  'Financial Times',
  'Le Monde',
  'Der Spiegel',
  'Al Jazeera',
  'NHK',
  'El País',
];

interface Template {
  kind: 'paragraph' | 'heading' | 'quote' | 'list';
  texts: string[];
}

function runText(run: FixtureRun): string {
  return typeof run.text === 'string' ? run.text : runText(run.text);
}

function templatesOf(article: FixtureArticle): Template[] {
  const out: Template[] = [];
  for (const block of article.body) {
    if (block.type === 'image') {
      const meta = article.images.find((i) => i.id === block.image);
      if (meta) out.push({ kind: 'paragraph', texts: [`${meta.caption} ${meta.credit}`] });
    } else if (block.type === 'list') {
      out.push({ kind: 'list', texts: block.items.map((item) => item.runs.map(runText).join('')) });
    } else {
      out.push({ kind: block.type === 'heading' ? 'heading' : block.type, texts: [block.runs.map(runText).join('')] });
    }
  }
  return out.filter((t) => t.texts.some((x) => x.trim().length > 0));
}

function hashUnit(word: string): number {
  return createHash('sha1').update(word).digest().readUInt32BE(0) / 2 ** 32;
}

export interface CorpusInfo {
  path: string;
  drafts: number;
  generatedNow: boolean;
}

/** What the generator writes, given a seed: deterministic, so a cached file matches its key. */
export class CorpusWriter {
  private readonly random: () => number;
  private readonly templates: Template[];
  private readonly headlines: string[];
  private readonly deks: string[];
  private readonly sections: string[];
  private readonly authors: string[];
  private readonly outlets: string[];
  private readonly sourceTitles: string[];
  readonly tagNames: string[];
  private readonly vocabulary: string[];
  private readonly zipfCumulative: Float64Array;
  private readonly survival = new Map<string, number>();

  constructor(seed = 20261127) {
    this.random = seeded(seed);
    const articles = fixtureNames()
      .map(loadFixture)
      .filter((a) => a.body.length > 0);
    this.templates = articles.flatMap(templatesOf);
    this.headlines = articles.map((a) => a.headline);
    this.deks = articles.map((a) => a.dek).filter((d) => d.length > 0);
    this.sections = [...new Set([...articles.map((a) => a.section), ...EXTRA_SECTIONS])];
    this.outlets = [...new Set([...articles.flatMap((a) => a.sources.map((s) => s.outlet)), ...EXTRA_OUTLETS])];
    this.sourceTitles = articles.flatMap((a) => a.sources.map((s) => s.title));

    const words = new Set<string>();
    while (words.size < 40_000) {
      const n = between(this.random, 2, 4);
      let w = '';
      for (let i = 0; i < n; i++) w += pick(this.random, SYLLABLES);
      words.add(w);
    }
    this.vocabulary = [...words];
    this.zipfCumulative = new Float64Array(this.vocabulary.length);
    let sum = 0;
    for (let r = 0; r < this.vocabulary.length; r++) {
      sum += 1 / (r + 1) ** 1.05;
      this.zipfCumulative[r] = sum;
    }
    this.authors = [
      ...new Set([
        ...articles.flatMap((a) => a.byline),
        ...Array.from({ length: 120 }, () => `${this.capital(this.word())} ${this.capital(this.word())}`),
      ]),
    ];
    this.tagNames = [
      ...new Set([
        ...articles.flatMap((a) => a.tags),
        ...Array.from({ length: 300 }, () => `${this.capital(this.word())} ${this.word()}`),
      ]),
    ];
  }

  private capital(w: string): string {
    return w.charAt(0).toUpperCase() + w.slice(1);
  }

  /** A synthetic word, Zipf-distributed over the vocabulary. */
  private word(): string {
    const total = this.zipfCumulative[this.zipfCumulative.length - 1]!;
    const x = this.random() * total;
    let lo = 0;
    let hi = this.zipfCumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.zipfCumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.vocabulary[lo]!;
  }

  private survives(lower: string): boolean {
    let p = this.survival.get(lower);
    if (p === undefined) {
      // Everything else: between 0.05 % and 10 % per occurrence, by hash.
      p = SURVIVAL[lower] ?? 10 ** (-3.3 + 2.3 * hashUnit(lower));
      this.survival.set(lower, p);
    }
    return this.random() < p;
  }

  /** The fixture text with its content words mostly swapped for synthetic ones. */
  vary(text: string): string {
    return text.replace(/[\p{L}\p{M}]{4,}/gu, (w) => {
      const lower = w.toLowerCase();
      if (FUNCTION_WORDS.has(lower) || this.survives(lower)) return w;
      const replacement = this.word();
      return w.charAt(0) === w.charAt(0).toLowerCase() ? replacement : this.capital(replacement);
    });
  }

  body(): LexicalDocument {
    const target = between(this.random, 300, 800);
    const children: SerializedNode[] = [];
    let words = 0;
    while (words < target) {
      const t = pick(this.random, this.templates);
      const texts = t.texts.map((x) => this.vary(x));
      words += texts.reduce((n, x) => n + countWords(x), 0);
      switch (t.kind) {
        case 'heading':
          children.push(headingNode(2, [textNode(texts[0]!)]));
          break;
        case 'quote':
          children.push(quoteNode([textNode(texts[0]!)]));
          break;
        case 'list':
          children.push(
            listNode(
              this.random() < 0.5,
              texts.map((x) => [textNode(x)]),
            ),
          );
          break;
        default: {
          // Some runs carry formatting, as real paragraphs do.
          const text = texts[0]!;
          const cut = text.indexOf(' ', Math.floor(text.length / 3));
          children.push(
            cut > 0 && this.random() < 0.3
              ? paragraphNode([textNode(text.slice(0, cut), ['bold']), textNode(text.slice(cut))])
              : paragraphNode([textNode(text)]),
          );
        }
      }
    }
    return { root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children } };
  }

  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  draft(now: number) {
    const body = this.body();
    const text = plainText(body);
    const updated = now - Math.floor(this.random() * 5 * 365 * 86_400_000);
    const created = updated - Math.floor(this.random() * 30 * 86_400_000);
    const roll = this.random();
    const status: DraftStatus =
      roll < 0.55
        ? 'published'
        : roll < 0.75
          ? 'draft'
          : roll < 0.87
            ? 'in_review'
            : roll < 0.95
              ? 'approved'
              : 'archived';
    const tags = [
      ...new Set(
        Array.from(
          { length: between(this.random, 0, 5) },
          () => this.tagNames[Math.floor(this.random() ** 2 * this.tagNames.length)]!,
        ),
      ),
    ];
    const sources = Array.from({ length: between(this.random, 0, 4) }, (_, i) => {
      const outlet = pick(this.random, this.outlets);
      return {
        id: `s${i + 1}`,
        outlet,
        title: this.vary(pick(this.random, this.sourceTitles)),
        url: `https://www.example.com/${new Date(updated).getUTCFullYear()}/${this.word()}-${this.word()}-${i}`,
        author: this.random() < 0.5 ? pick(this.random, this.authors) : '',
        published: new Date(created).toISOString().slice(0, 10),
        accessed: new Date(updated).toISOString().slice(0, 10),
        notes: this.random() < 0.2 ? this.vary(pick(this.random, this.templates).texts[0]!) : '',
      };
    });
    return {
      id: this.uuid(),
      headline: this.vary(pick(this.random, this.headlines)),
      dek: this.random() < 0.8 ? this.vary(pick(this.random, this.deks)) : '',
      slug: '',
      section: pick(this.random, this.sections),
      byline: JSON.stringify(Array.from({ length: between(this.random, 1, 2) }, () => pick(this.random, this.authors))),
      status,
      body: JSON.stringify(body),
      bodyText: text,
      wordCount: countWords(text),
      version: between(this.random, 1, 60),
      created,
      updated,
      trashed: this.random() < 0.01 ? updated + 86_400_000 : null,
      tags,
      sources,
    };
  }
}

function schemaKey(): string {
  const hash = createHash('sha256');
  for (const m of MIGRATIONS) hash.update(`${m.version}\n${m.sql}\n`);
  return hash.digest('hex').slice(0, 12);
}

type Raw = sqlite3.Database;

function rawExec(db: Raw, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function rawRun(stmt: sqlite3.Statement, params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => stmt.run(params, (err: Error | null) => (err ? reject(err) : resolve())));
}

function rawClose(db: Raw): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

const DAY0 = Date.parse('2026-11-27T09:00:00Z');

/** Returns the cached library of `drafts` drafts, generating it first if needed. */
export async function corpus(cacheDir: string, drafts: number, log: (line: string) => void): Promise<CorpusInfo> {
  mkdirSync(cacheDir, { recursive: true });
  const key = `schema${schemaKey()}-gen${GENERATOR_VERSION}`;
  const path = join(cacheDir, `library-${drafts}-${key}.db`);
  if (existsSync(path)) return { path, drafts, generatedNow: false };
  // Libraries built for another schema or generator are never read again, and they are large.
  for (const file of readdirSync(cacheDir)) {
    if (/^library-\d+-schema\w+-gen\d+\.db/.test(file) && !file.includes(`-${key}.db`)) {
      log(`  removing stale ${file}`);
      rmSync(join(cacheDir, file), { force: true });
    }
  }

  const building = `${path}.building`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(building + suffix, { force: true });
  // The store creates the file and applies the migrations, so the schema is exactly the app's.
  const store = await startStore({ dbPath: building, now: () => DAY0 });
  await store.close();

  const writer = new CorpusWriter();
  const db = await new Promise<Raw>((resolve, reject) => {
    const d = new sqlite3.Database(building, (err) => (err ? reject(err) : resolve(d)));
  });
  await rawExec(
    db,
    'PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF; BEGIN',
  );
  const insertTag = db.prepare('INSERT INTO tags (id, name, key, created_at) VALUES (?, ?, ?, ?)');
  const tagIds = new Map<string, number>();
  for (const [i, name] of writer.tagNames.entries()) {
    if (tagIds.has(tagKey(name))) continue;
    tagIds.set(tagKey(name), i + 1);
    await rawRun(insertTag, [i + 1, name, tagKey(name), DAY0]);
  }
  const insertDraft = db.prepare(
    `INSERT INTO drafts (id, headline, dek, slug, section, byline, status, body, body_text, word_count, top_image,
       version, created_at, updated_at, trashed_at, tags_text, sources_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
  );
  const insertDraftTag = db.prepare('INSERT INTO draft_tags (draft_id, tag_id, position) VALUES (?, ?, ?)');
  const insertSource = db.prepare(
    `INSERT INTO sources (draft_id, id, position, outlet, title, url, author, published, accessed, notes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const started = Date.now();
  const batch: Array<Promise<void>> = [];
  for (let n = 1; n <= drafts; n++) {
    const d = writer.draft(DAY0);
    if (!DRAFT_STATUSES.includes(d.status)) throw new Error(`bad status ${d.status}`);
    const tagNames = d.tags.filter((t, i, all) => all.findIndex((u) => tagKey(u) === tagKey(t)) === i);
    batch.push(
      rawRun(insertDraft, [
        d.id,
        d.headline,
        d.dek,
        d.slug,
        d.section,
        d.byline,
        d.status,
        d.body,
        d.bodyText,
        d.wordCount,
        d.version,
        d.created,
        d.updated,
        d.trashed,
        JSON.stringify(tagNames),
        sourcesText(d.sources),
      ]),
    );
    tagNames.forEach((t, position) => batch.push(rawRun(insertDraftTag, [d.id, tagIds.get(tagKey(t))!, position])));
    d.sources.forEach((s, position) =>
      batch.push(
        rawRun(insertSource, [
          d.id,
          s.id,
          position,
          s.outlet,
          s.title,
          s.url,
          s.author,
          s.published,
          s.accessed,
          s.notes,
        ]),
      ),
    );
    if (n % 1000 === 0 || n === drafts) {
      await Promise.all(batch.splice(0));
      if (n % 10_000 === 0 || n === drafts) {
        const rate = n / ((Date.now() - started) / 1000);
        log(`  generated ${n.toLocaleString('en')} / ${drafts.toLocaleString('en')} drafts (${Math.round(rate)}/s)`);
      }
    }
  }
  for (const stmt of [insertTag, insertDraft, insertDraftTag, insertSource])
    await new Promise<void>((r) => stmt.finalize(() => r()));
  await rawExec(db, 'COMMIT');
  // Back to the app's journal mode, so that opening it later is just an open.
  await rawExec(db, 'PRAGMA journal_mode = WAL');
  await rawClose(db);
  renameSync(building, path);
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(building + suffix, { force: true });
  return { path, drafts, generatedNow: true };
}
