import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeadlessEditor } from '@lexical/headless';
import { $convertToMarkdownString, TRANSFORMERS } from '@lexical/markdown';
import type { LexicalEditor } from 'lexical';
import type { Source } from '../../src/common/domain';
import { toMarkdown } from '../../src/common/export/markdown';
import type { ExportableDraft } from '../../src/common/export/exportable';
import { importMarkdown } from '../../src/common/import/markdown';
import { resolveFigureImages } from '../../src/common/nodes/figure/resolveFigureImages';
import { canonicalDocument } from '../../src/common/export/canonical';
import type { LexicalDocument, SerializedNode } from '../../src/common/lexical/document';
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
import { citationNode } from '../../src/common/nodes/citation/citationJson';
import { HEADLESS_NODES } from '../../src/common/nodes/headlessNodes';
import { exportToFolder } from '../../src/main/export/exportDrafts';
import { startStore } from '../../src/main/store';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { between, pick, seeded } from '../support/random';
import { median, ms, times, type BenchContext, type BenchResult } from './stats';

/**
 * Export benchmarks (docs/TESTING.md, "Benchmarks"; issue 4): our pure Markdown exporter
 * against Lexical's own `$convertToMarkdownString` with the default
 * TRANSFORMERS, through @lexical/headless, on the same 200 saved documents,
 * both starting from the saved JSON; with what each exporter lost per
 * document. Then bulk export throughput: 1,000 drafts with images, through
 * the folder export, files and assets written.
 */

const WORDS =
  'the talks energy grid mediators deal power plant ceasefire officials said would still take place by video conference on thursday though few expected breakthrough narrow truce verification sequencing precedent leverage'.split(
    ' ',
  );
const IMAGE_IDS = ['a1'.repeat(32), 'b2'.repeat(32), 'c3'.repeat(32)];

/** A realistic piece: headings, paragraphs with marks, links and citations, lists, quotes, figures. */
function benchDraft(seed: number): ExportableDraft {
  const random = seeded(seed);
  const sources: Source[] = Array.from({ length: between(random, 2, 6) }, (_, i) => ({
    id: `s${i + 1}`,
    outlet: pick(random, ['Reuters', 'Associated Press', 'The Washington Post']),
    title: `Report number ${i + 1} on the talks`,
    url: `https://example.org/report-${seed}-${i}`,
    author: i % 2 ? 'Staff' : '',
    published: '2026-08-20',
    accessed: '2026-08-21',
    notes: '',
  }));
  const sentence = (): SerializedNode[] => {
    const nodes: SerializedNode[] = [];
    const n = between(random, 8, 22);
    for (let w = 0; w < n; w++) {
      const word = pick(random, WORDS);
      const roll = random();
      const marks: TextMark[] = roll < 0.05 ? ['bold'] : roll < 0.1 ? ['italic'] : roll < 0.12 ? ['underline'] : [];
      if (roll > 0.97) nodes.push(linkNode(`https://example.org/${word}?a=1&b=2`, [textNode(word, marks)]));
      else nodes.push(textNode(`${w === 0 ? word[0]!.toUpperCase() + word.slice(1) : word} `, marks));
    }
    nodes.push(textNode('. '));
    if (random() < 0.3) nodes.push(citationNode(pick(random, sources).id));
    return nodes;
  };
  const paragraph = () => paragraphNode(Array.from({ length: between(random, 2, 5) }, sentence).flat());
  const blocks: SerializedNode[] = [];
  const count = between(random, 10, 30);
  for (let b = 0; b < count; b++) {
    const roll = random();
    if (roll < 0.1) blocks.push(headingNode(2, [textNode(`Section ${b}`)]));
    else if (roll < 0.18)
      blocks.push(
        figureNode({
          image: pick(random, IMAGE_IDS),
          alt: 'A photo',
          caption: `Caption for figure ${b}.`,
          credit: `Photo ${b}: Agency`,
          license: 'Editorial use only',
        }),
      );
    else if (roll < 0.25)
      blocks.push(listNode(random() < 0.5, Array.from({ length: between(random, 2, 5) }, sentence)));
    else if (roll < 0.3) blocks.push(quoteNode(sentence()));
    else blocks.push(paragraph());
  }
  const body: LexicalDocument = {
    root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children: blocks },
  };
  return {
    headline: `Piece ${seed}: talks stall`,
    dek: 'A dek',
    slug: '',
    section: 'Europe',
    byline: ['Dana Whitlock'],
    status: 'draft',
    tags: ['Energy security'],
    sources,
    topImage: IMAGE_IDS[0]!,
    body,
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
    datePublished: '',
    dateModified: '',
  };
}

function lexicalMarkdown(editor: LexicalEditor, body: LexicalDocument): string {
  editor.setEditorState(editor.parseEditorState(JSON.stringify(body)));
  return editor.getEditorState().read(() => $convertToMarkdownString(TRANSFORMERS));
}

interface Content {
  figures: number;
  captions: number;
  credits: number;
  citations: number;
}

function contentOf(doc: LexicalDocument): Content & { list: SerializedNode[] } {
  const list: SerializedNode[] = [];
  let citations = 0;
  const walk = (nodes: readonly SerializedNode[]) => {
    for (const n of nodes) {
      if (n.type === 'figure') list.push(n);
      if (n.type === 'citation') citations++;
      if (n.children) walk(n.children);
    }
  };
  walk(doc.root.children);
  return {
    figures: list.length,
    captions: list.filter((f) => f.caption).length,
    credits: list.filter((f) => f.credit).length,
    citations,
    list,
  };
}

/** What Lexical's Markdown still shows of each kind: figures by their image, captions and credits by their words, citations by footnote references. */
function lexicalKept(markdown: string, doc: LexicalDocument): Content {
  const { list, citations } = contentOf(doc);
  return {
    figures: list.filter((f) => markdown.includes(String(f.image))).length,
    captions: list.filter((f) => typeof f.caption === 'string' && f.caption && markdown.includes(f.caption)).length,
    credits: list.filter((f) => typeof f.credit === 'string' && f.credit && markdown.includes(f.credit)).length,
    citations: Math.min(citations, (markdown.match(/\[\^\d+\]/g) ?? []).length),
  };
}

function lossLine(kind: string, had: Content, kept: Content): string {
  const lost = (['figures', 'captions', 'credits', 'citations'] as const)
    .filter((k) => had[k] - kept[k] > 0)
    .map((k) => `${had[k] - kept[k]}/${had[k]} ${k}`);
  return `${kind} lost ${lost.length ? lost.join(', ') : 'nothing'}`;
}

async function versusLexical(ctx: BenchContext): Promise<BenchResult> {
  const drafts = Array.from({ length: 200 }, (_, i) => benchDraft(1000 + i));
  const editor = createHeadlessEditor({
    nodes: [...HEADLESS_NODES],
    onError: (error) => {
      throw error;
    },
  });
  const images = Object.fromEntries(IMAGE_IDS.map((id) => [id, { href: `assets/${id}.png` }]));
  ctx.log('export: 200 documents, ours vs Lexical $convertToMarkdownString (5 rounds each, alternating)');
  const oursMs: number[] = [];
  const lexicalMs: number[] = [];
  let oursOut: string[] = [];
  let lexicalOut: string[] = [];
  for (let round = 0; round < 6; round++) {
    const runOurs = () => {
      const t = performance.now();
      oursOut = drafts.map((d) => toMarkdown(d, { images }));
      return performance.now() - t;
    };
    const runLexical = () => {
      const t = performance.now();
      lexicalOut = drafts.map((d) => lexicalMarkdown(editor, d.body));
      return performance.now() - t;
    };
    const [a, b] = round % 2 === 0 ? [runOurs(), runLexical()] : [runLexical(), runOurs()].reverse();
    if (round > 0) {
      oursMs.push(a!);
      lexicalMs.push(b!);
    }
  }
  const notes: string[] = [];
  let lexicalLostTotal = 0;
  let oursLostTotal = 0;
  const words = (d: ExportableDraft) =>
    JSON.stringify(d.body)
      .match(/"text":"[^"]*"/g)
      ?.join(' ')
      .split(/\s+/).length ?? 0;
  drafts.forEach((draft, i) => {
    const had = contentOf(draft.body);
    const kept = lexicalKept(lexicalOut[i]!, draft.body);
    const piece = importMarkdown(oursOut[i]!);
    const back = resolveFigureImages(piece.body, (src) => IMAGE_IDS.find((id) => src === `assets/${id}.png`) ?? null);
    const same =
      JSON.stringify(back) === JSON.stringify(canonicalDocument(draft.body, new Set(draft.sources.map((s) => s.id)))) &&
      piece.sources.length === draft.sources.length;
    const oursKept = same ? had : contentOf(back);
    const lexLost = had.figures - kept.figures + had.credits - kept.credits + had.citations - kept.citations;
    lexicalLostTotal += lexLost;
    if (!same) oursLostTotal++;
    notes.push(
      `  doc ${String(i + 1).padStart(3, '0')} (~${words(draft)} words): ${lossLine('Lexical', had, kept)}; ${same ? 'ours lost nothing (re-imports to the same document)' : lossLine('ours', had, oursKept)}`,
    );
  });
  const o = median(oursMs);
  const l = median(lexicalMs);
  return {
    rows: [
      {
        name: 'Markdown export, 200 documents (ours vs Lexical)',
        measured: ms(o),
        baseline: ms(l),
        ratio: times(l / o),
        target: '≥ 3×',
        pass: l / o >= 3,
      },
      {
        name: 'content lost by the exporter (200 documents)',
        measured: `${oursLostTotal} docs`,
        baseline: `${lexicalLostTotal} items`,
        ratio: '—',
        target: 'ours: 0',
        pass: oursLostTotal === 0,
      },
    ],
    notes: [
      `export: both start from the saved JSON; Lexical = parseEditorState + setEditorState + $convertToMarkdownString(TRANSFORMERS) with headless figure/citation nodes; ours = toMarkdown with front matter and footnotes. Median of 5 rounds over the 200 documents.`,
      `export: what each exporter lost, per document (figures, captions, credits, citations):`,
      ...notes,
    ],
  };
}

async function bulkExport(ctx: BenchContext): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'copydesk-bench-export-'));
  try {
    const store = await startStore({ dbPath: join(dir, 'copydesk.db') });
    const ids: string[] = [];
    for (const file of ['top-image.png', 'plant.png', 'map.png'])
      ids.push(
        (
          await store.handlers['images.import']({
            file: store.grants.issue('open-files', join(FIXTURE_IMAGES_DIR, file)).grant,
            alt: file,
            caption: '',
            credit: '',
            license: '',
          })
        ).id,
      );
    ctx.log('bulk export: creating 1,000 drafts with images…');
    for (let i = 0; i < 1000; i++) {
      const draft = benchDraft(5000 + i);
      const body = resolveFigureImages(draft.body, (src) => ids[IMAGE_IDS.indexOf(src)] ?? ids[0]!);
      await store.handlers['drafts.create']({
        headline: draft.headline,
        body,
        sources: draft.sources,
        topImage: ids[i % 3]!,
        tags: draft.tags,
      });
    }
    const out = join(dir, 'out');
    ctx.log('bulk export: exporting 1,000 drafts to Markdown files…');
    const t0 = performance.now();
    const result = await exportToFolder(store.ctx, { dir: out, format: 'md' });
    const exportMs = performance.now() - t0;
    const texts = await Promise.all(result.written.map((w) => readFile(w.path, 'utf8')));
    const rawDir = join(dir, 'raw');
    await mkdir(rawDir);
    const t1 = performance.now();
    for (const [i, text] of texts.entries()) await writeFile(join(rawDir, `${i}.md`), text);
    const rawMs = performance.now() - t1;
    await store.close();
    const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    return {
      rows: [
        {
          name: `bulk export, 1,000 drafts with images (${result.written.length} files)`,
          measured: `${(1000 / (exportMs / 1000)).toFixed(0)} drafts/s`,
          baseline: `${ms(rawMs)} raw`,
          ratio: times(exportMs / rawMs),
          target: '—',
          pass: result.failed.length === 0 ? null : false,
        },
      ],
      notes: [
        `bulk export: ${ms(exportMs)} for 1,000 drafts (${(bytes / 1024 / 1024).toFixed(1)} MB of Markdown, images copied once each to assets/); baseline = writeFile of the same 1,000 texts already rendered (${ms(rawMs)}). Failed: ${result.failed.length}.`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run(ctx: BenchContext): Promise<BenchResult> {
  const parts = [await versusLexical(ctx), await bulkExport(ctx)];
  return { rows: parts.flatMap((p) => p.rows), notes: parts.flatMap((p) => p.notes) };
}
