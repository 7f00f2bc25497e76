import { describe, expect, it } from 'vitest';
import { toHtmlDocument } from '../../src/common/export/html';
import { figureNode } from '../../src/common/nodes/figure/figureJson';
import { previewPage } from '../../src/renderer/src/preview/previewPage';
import { doc } from './_support';

/** The preview's page from the export's (src/renderer/src/preview/previewPage.ts): what it adds, and that it adds nothing else. */

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const figure = {
  image: A,
  alt: 'Pier at dawn',
  caption: 'The pier <before> the storm.',
  credit: 'A. PHOTOGRAPHER/Agency',
  license: '',
};

function exported(text: string) {
  return { text, assets: [{ imageId: A, href: `assets/${A}.png` }] };
}

describe('the preview page', () => {
  const body = doc('The pier reopened on Monday.');
  body.root.children.push(figureNode(figure));
  const draft = {
    headline: 'Pier reopens',
    dek: 'After the storm',
    slug: '',
    section: '',
    byline: ['Ana Ruiz'],
    status: 'draft' as const,
    tags: [],
    sources: [],
    topImage: null,
    body,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    datePublished: '',
    dateModified: '',
  };
  const text = toHtmlDocument(draft, { images: { [A]: { href: `assets/${A}.png` } } });

  it('is the export with its images where the window loads them, a stylesheet and a language, and nothing else changed', () => {
    const page = previewPage({
      exported: exported(text),
      imageSrc: (id) => `copydesk-image://${id}`,
      leadImage: null,
      lang: 'en',
    });
    expect(page).toContain(`<img src="copydesk-image://${A}" alt="Pier at dawn">`);
    expect(page).not.toContain('assets/');
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    const withoutStyle = page
      .replace(/<style>[\s\S]*?<\/style>\n/, '')
      .replace(' lang="en"', '')
      .replace(`copydesk-image://${A}`, `assets/${A}.png`);
    expect(withoutStyle).toBe(text);
    expect(page).toMatch(/<style>[\s\S]*font-family:[^;]*serif[\s\S]*<\/style>\n<\/head>/);
  });

  it('leads with the given image under the header, its words escaped', () => {
    const page = previewPage({
      exported: exported(text),
      imageSrc: (id) => `http://127.0.0.1:1/__images/${id}`,
      leadImage: { ...figure, image: B },
      lang: '',
    });
    expect(page).toContain(
      `</header>\n<figure class="top-image">\n<img src="http://127.0.0.1:1/__images/${B}" alt="Pier at dawn">\n<figcaption>The pier &lt;before&gt; the storm. <small class="credit">A. PHOTOGRAPHER/Agency</small></figcaption>\n</figure>\n<p>`,
    );
    expect(page).toMatch(/^<!doctype html>\n<html>/);
  });
});
