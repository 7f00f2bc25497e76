import { expect, test } from 'vitest';
import type { Draft, DraftSnapshot, Source } from '../../src/common/domain';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { compareVersions, compareWithCurrent, diffFields } from '../../src/common/history/compare';

/** The history panel's field comparison: what an editor must see changed besides the words of the text. */

const IMAGE = 'a'.repeat(64);
const source = (over: Partial<Source> = {}): Source => ({
  id: 's1',
  outlet: 'Reuters',
  title: 'Grid talks',
  url: 'https://reuters.com/a',
  author: '',
  published: '',
  accessed: '',
  notes: '',
  ...over,
});
const figure = (credit: string, alt: string) =>
  figureNode({ image: IMAGE, alt, caption: 'The plant at dusk', credit, license: '' });

function snapshot(over: Partial<DraftSnapshot> = {}): DraftSnapshot {
  return {
    headline: 'Grid talks stall',
    dek: 'Mediators try again',
    slug: 'grid-talks-stall',
    section: 'Europe',
    byline: ['Priya Raman'],
    status: 'draft',
    tags: ['Energy'],
    sources: [source()],
    topImage: IMAGE,
    datePublished: '',
    dateModified: '',
    body: {
      root: {
        type: 'root',
        children: [paragraphNode([textNode('Text.')]), figure('A. KOVALENKO/AP', 'Cooling towers')],
      },
    },
    ...over,
  };
}

test('a changed dek, source, figure credit and alt text each show as a change; an unchanged piece shows none', () => {
  const before = snapshot();
  const current = { ...snapshot(), id: 'd', version: 2 } as unknown as Draft;
  expect(diffFields(before, current)).toEqual([]);

  const after = {
    ...snapshot({
      dek: 'Mediators try once more',
      sources: [source({ url: 'https://www.reuters.com/b' })],
      body: {
        root: {
          type: 'root',
          children: [paragraphNode([textNode('Text.')]), figure('JEAN DUPRÉ/Pool via REUTERS', '')],
        },
      },
    }),
    id: 'd',
    version: 3,
  } as unknown as Draft;
  const changes = diffFields(before, after);
  expect(changes).toContainEqual({
    kind: 'text',
    label: 'Dek',
    before: 'Mediators try again',
    after: 'Mediators try once more',
  });
  expect(changes).toContainEqual({
    kind: 'text',
    label: 'Figure 1 credit',
    before: 'A. KOVALENKO/AP',
    after: 'JEAN DUPRÉ/Pool via REUTERS',
  });
  expect(changes).toContainEqual({ kind: 'text', label: 'Figure 1 alt text', before: 'Cooling towers', after: '' });
  expect(changes.find((c) => c.kind === 'source')).toMatchObject({
    change: 'changed',
    fields: [{ label: 'URL', before: 'https://reuters.com/a', after: 'https://www.reuters.com/b' }],
  });

  const removed = {
    ...snapshot({ body: { root: { type: 'root', children: [paragraphNode([textNode('Text.')])] } } }),
    id: 'd',
    version: 4,
  } as unknown as Draft;
  expect(diffFields(before, removed)).toContainEqual({
    kind: 'text',
    label: 'Figure 1',
    before: 'The plant at dusk',
    after: '(none)',
  });
});

test('two kept versions compare with each other as a version compares with the current text, without the restore note', () => {
  const older = snapshot({
    body: { root: { type: 'root', children: [paragraphNode([textNode('Mediators met on Monday.')])] } },
  });
  const newer = snapshot({
    status: 'in_review',
    headline: 'Grid talks resume',
    body: { root: { type: 'root', children: [paragraphNode([textNode('Mediators met again on Tuesday.')])] } },
  });
  const pair = compareVersions(older, newer);
  expect(pair.fields).toContainEqual({
    kind: 'text',
    label: 'Headline',
    before: 'Grid talks stall',
    after: 'Grid talks resume',
  });
  expect(pair.fields).toContainEqual({ kind: 'text', label: 'Status', before: 'Draft', after: 'In review' });
  expect(pair.body.changed).toBe(true);
  expect(pair.body.wordsAdded).toBe(2);
  expect(pair.body.wordsRemoved).toBe(1);
  // Against the current text, the status line says a restore keeps the status.
  const current = { ...newer, id: 'd', version: 5 } as unknown as Draft;
  expect(
    compareWithCurrent(older, current).fields.find((c) => c.kind === 'text' && c.label === 'Status'),
  ).toMatchObject({ note: 'Restoring keeps the current status.' });
  expect(compareVersions(newer, newer)).toMatchObject({ fields: [], body: { changed: false } });
});
