import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { imagesNamedBy } from '../../src/common/collab/docImages';
import { applyPieceToDoc, pieceFromDoc, type SharedPiece } from '../../src/common/collab/pieceDoc';
import { documentOf, type LexicalDocument, type SerializedNode } from '../../src/common/lexical/document';
import {
  formattedTextNode,
  headingNode,
  horizontalRuleNode,
  lineBreakNode,
  linkNode,
  listFromItems,
  paragraphNode,
  quoteNode,
  textNode,
} from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { citationNode } from '../../src/common/nodes/citation/citationJson';
import { arbitraryDocument } from '../support/arbitraryDraft';
import { headlessEditor } from './_support';

const IMAGE = 'c'.repeat(64);
const NOTE = '5f0c1c9e-8a44-4a39-9d51-0b7c6f1f2a01';

const mark = (ids: string[], children: SerializedNode[]): SerializedNode => ({
  type: 'mark',
  version: 1,
  direction: null,
  format: '',
  indent: 0,
  ids,
  children,
});

/** A body with every node Copydesk writes, as the editor saves it. */
function everyNode(): LexicalDocument {
  return asEditorSaves(
    documentOf([
      headingNode(1, [textNode('Truce talks resume')]),
      headingNode(3, [textNode('Small print')]),
      paragraphNode([
        textNode('Officials '),
        textNode('said', ['bold']),
        textNode(' on '),
        formattedTextNode('Monday', 1 | 2 | 4 | 8),
        textNode(' that '),
        mark([NOTE], [textNode('the pipeline')]),
        textNode(' would reopen'),
        citationNode('s1'),
        lineBreakNode(),
        linkNode('https://example.org/story', [textNode('read more', ['italic'])]),
        textNode(' and ', ['code']),
      ]),
      quoteNode([textNode('We are ready,'), lineBreakNode(), textNode('she said.')]),
      figureNode({
        image: IMAGE,
        alt: 'A pipeline at dusk',
        caption: 'The pipeline near the border',
        credit: 'JANE DOE/Pool via REUTERS',
        license: 'CC BY 4.0',
      }),
      listFromItems(false, 1, [
        [textNode('first')],
        [listFromItems(true, 3, [[textNode('nested one')], [textNode('nested two')]])],
        [textNode('second')],
      ]),
      horizontalRuleNode(),
      paragraphNode([textNode('The end.')]),
    ]),
  );
}

function pieceWith(body: LexicalDocument): SharedPiece {
  return {
    headline: 'Truce talks resume',
    dek: 'Both sides meet on Monday',
    body,
    byline: ['Jane Doe', 'Ali Khan'],
    section: 'World',
    slug: 'truce-talks',
    tags: ['energy', 'diplomacy'],
    topImage: IMAGE,
    datePublished: '2024-03-05T10:00:00+01:00',
    dateModified: '2024-03-06',
    sources: [
      {
        id: 's1',
        outlet: 'Wire',
        title: 'Talks',
        url: 'https://example.org/wire',
        author: '',
        published: '2026-11-01',
        accessed: '',
        notes: '',
      },
    ],
    images: {
      [IMAGE]: {
        alt: 'A pipeline at dusk',
        caption: 'The pipeline near the border',
        credit: 'JANE DOE/Pool via REUTERS',
        license: 'CC BY 4.0',
      },
    },
    notes: [
      {
        id: NOTE,
        quote: 'the pipeline',
        body: 'Which pipeline?',
        author: 'Editor',
        createdAt: '2026-11-28T10:00:00.000Z',
        resolvedAt: null,
        resolvedBy: '',
        replies: [{ id: 'r1', body: 'The northern one.', author: 'Writer', createdAt: '2026-11-28T10:05:00.000Z' }],
      },
    ],
  };
}

/** What the editor itself makes of a body: its normalisation (adjacent text of one format merged, and so on). */
function asEditorSaves(body: LexicalDocument): LexicalDocument {
  const editor = headlessEditor(body);
  editor.update(() => {}, { discrete: true });
  return editor.getEditorState().toJSON() as unknown as LexicalDocument;
}

function updatesOf(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

describe('the shared piece as a Yjs document', () => {
  it('round-trips every node and field, and the saved JSON is the editor’s own', () => {
    const piece = pieceWith(everyNode());
    const doc = new Y.Doc();
    applyPieceToDoc(doc, piece, 'local');
    expect(pieceFromDoc(doc)).toEqual(piece);

    // Another machine, from the updates alone.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(pieceFromDoc(other)).toEqual(piece);
    expect(JSON.stringify(pieceFromDoc(other).body)).toBe(JSON.stringify(piece.body));
  });

  it('names the images of its figures and its top image from the Yjs structure, as the desk asks', () => {
    const doc = new Y.Doc();
    const top = 'd'.repeat(64);
    applyPieceToDoc(doc, { ...pieceWith(everyNode()), topImage: top }, 'local');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect([...imagesNamedBy(other)].sort()).toEqual([IMAGE, top]);
    expect(imagesNamedBy(new Y.Doc()).size).toBe(0);
  });

  it('keeps the figure’s five words as separate properties in the doc', () => {
    const doc = new Y.Doc();
    applyPieceToDoc(doc, pieceWith(everyNode()), 'local');
    const figure = (doc.get('root', Y.XmlText).toDelta() as Array<{ insert: unknown }>)
      .map((op) => op.insert)
      .find(
        (insert: unknown): insert is Y.XmlElement =>
          insert instanceof Y.XmlElement && insert.getAttribute('__type') === 'figure',
      );
    expect(figure?.getAttributes()).toMatchObject({
      __image: IMAGE,
      __alt: 'A pipeline at dusk',
      __caption: 'The pipeline near the border',
      __credit: 'JANE DOE/Pool via REUTERS',
      __license: 'CC BY 4.0',
    });
  });

  it('round-trips generated bodies of every node and mark', () => {
    fc.assert(
      fc.property(
        arbitraryDocument.filter((d) => d.root.children.length > 0),
        (generated) => {
          const body = asEditorSaves(generated);
          const doc = new Y.Doc();
          applyPieceToDoc(doc, pieceWith(body), 'local');
          const other = new Y.Doc();
          Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
          expect(pieceFromDoc(other).body).toEqual(body);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes nothing for an unchanged piece and little for a one-word edit', () => {
    const doc = new Y.Doc();
    const piece = pieceWith(everyNode());
    applyPieceToDoc(doc, piece, 'local');
    const updates = updatesOf(doc);
    applyPieceToDoc(doc, structuredClone(piece), 'local');
    expect(updates).toEqual([]);

    const edited = structuredClone(piece);
    const last = edited.body.root.children.at(-1)!;
    last.children![0]!.text = 'The very end.';
    applyPieceToDoc(doc, edited, 'local');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.byteLength).toBeLessThan(40);
    expect(pieceFromDoc(doc)).toEqual(edited);
  });

  it('changes a figure’s caption, a heading level and a field without rewriting the rest', () => {
    const doc = new Y.Doc();
    const piece = pieceWith(everyNode());
    applyPieceToDoc(doc, piece, 'local');
    const wholeSize = Y.encodeStateAsUpdate(doc).byteLength;
    const updates = updatesOf(doc);
    const edited = structuredClone(piece);
    edited.body.root.children[4]!.caption = 'The pipeline, near the border';
    edited.body.root.children[1]!.tag = 'h2';
    edited.headline = 'Truce talks resume at last';
    edited.images[IMAGE]!.caption = 'The pipeline, near the border';
    edited.notes[0]!.resolvedAt = '2026-11-28T11:00:00.000Z';
    applyPieceToDoc(doc, edited, 'local');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.byteLength).toBeLessThan(wholeSize / 4);
    expect(pieceFromDoc(doc)).toEqual(edited);
  });

  it('takes a date from another machine only in the stored form, and writes no date into a piece shared without one', () => {
    const doc = new Y.Doc();
    const undated = { ...pieceWith(everyNode()), datePublished: '', dateModified: '' };
    applyPieceToDoc(doc, undated, 'local');
    expect(doc.getMap('fields').has('datePublished')).toBe(false);
    expect(doc.getMap('fields').has('dateModified')).toBe(false);
    expect(pieceFromDoc(doc)).toEqual(undated);

    // A client that wrote something else under the key: the piece reads as undated rather than taking it.
    doc.getMap('fields').set('datePublished', 'last Tuesday');
    doc.getMap('fields').set('dateModified', 20240306);
    expect(pieceFromDoc(doc)).toMatchObject({ datePublished: '', dateModified: '' });
  });

  it('takes in a remote change made while the local editor was already built', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const piece = pieceWith(everyNode());
    applyPieceToDoc(a, piece, 'local');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(pieceFromDoc(b)).toEqual(piece);
    const edited = structuredClone(piece);
    edited.body.root.children.push(paragraphNode([textNode('Added on A.')]));
    edited.notes = [];
    applyPieceToDoc(a, edited, 'local');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    expect(pieceFromDoc(b)).toEqual(edited);
  });
});
