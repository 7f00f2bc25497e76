import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, test } from 'vitest';
import { importMarkdown } from '../../src/common/import/markdown';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { grant, openTestStore, tempDir, type TestStore } from '../support/store';
import { closeAndRemove, sha256File } from './_support';

/**
 * File import: Markdown as other tools write it (Hugo, Jekyll, Astro,
 * Obsidian front matter), Word documents through mammoth, and bad input
 * that fails one file with a clear message while the others come in.
 */

let store: TestStore | undefined;
const dirs: Array<{ cleanup(): void }> = [];
afterEach(async () => {
  await closeAndRemove(store);
  store = undefined;
  while (dirs.length) dirs.pop()!.cleanup();
});

function folder(): string {
  const d = tempDir('copydesk-import-');
  dirs.push(d);
  return d.dir;
}

describe('front matter from other tools', () => {
  test('Hugo/Jekyll/Astro keys map onto the fields', () => {
    const piece = importMarkdown(
      [
        '---',
        'title: A Hugo post',
        'summary: Short and sweet',
        'author: Jane Doe',
        'categories: [World, Europe]',
        'tags: "energy, talks"',
        'slug: Not A Valid Slug!',
        'draft: false',
        'cover: { image: img/cover.png, alt: Cover, caption: A cover }',
        '---',
        '',
        'Body with a footnote.[^a]',
        '',
        '[^a]: See [the report](https://example.org/report).',
      ].join('\n'),
    );
    expect(piece).toMatchObject({
      headline: 'A Hugo post',
      dek: 'Short and sweet',
      byline: ['Jane Doe'],
      section: 'World',
      tags: ['energy', 'talks'],
      slug: 'not-a-valid-slug',
      status: 'published',
      topImage: { src: 'img/cover.png', alt: 'Cover', caption: 'A cover', credit: '', license: '' },
    });
    expect(piece.sources).toEqual([
      { id: 'fn-a', outlet: 'See the report', title: '', url: 'https://example.org/report', author: '', published: '', accessed: '', notes: '' },
    ]);
    expect(JSON.stringify(piece.body)).toContain('"type":"citation","version":1,"sourceId":"fn-a"');
  });

  test('Obsidian-style authors lists, description, and a leading # heading as the title', () => {
    const piece = importMarkdown('---\nauthors:\n  - name: A. Writer\n  - B. Writer\ndescription: The dek\n---\n# The headline\n\nText with <u>underline</u> and ~~strike~~.\n');
    expect(piece).toMatchObject({ headline: 'The headline', dek: 'The dek', byline: ['A. Writer', 'B. Writer'], status: 'draft' });
    expect(piece.body.root.children).toHaveLength(1);
    expect(JSON.stringify(piece.body)).toContain('"format":8,"mode":"normal","style":"","text":"underline"');
  });
});

describe('import.files', () => {
  test('a Markdown file with a local image next to it comes in with the image in the library', async () => {
    store = await openTestStore();
    const dir = folder();
    mkdirSync(join(dir, 'pics'));
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'map.png'), join(dir, 'pics', 'the map.png'));
    writeFileSync(join(dir, 'story.md'), '---\ntitle: Story\n---\n\nIntro.\n\n![A map](pics/the%20map.png "Lines on a map")\n');
    const result = await store.call('import.files', { files: [grant(store, 'open-files', join(dir, 'story.md'))] });
    expect(result.failed).toEqual([]);
    const draft = await store.call('drafts.get', { id: result.imported[0]!.id });
    const figure = draft.body.root.children[1]!;
    expect(figure).toMatchObject({ type: 'figure', alt: 'A map', caption: 'Lines on a map', image: sha256File(join(FIXTURE_IMAGES_DIR, 'map.png')) });
  });

  test('bad files fail one by one with clear messages; the good ones still come in', async () => {
    store = await openTestStore();
    const dir = folder();
    const good = join(dir, 'good.md');
    writeFileSync(good, '# Fine\n\nAll good.\n');
    writeFileSync(join(dir, 'bad-yaml.md'), '---\ntitle: [unclosed\n---\nText\n');
    writeFileSync(join(dir, 'missing-image.md'), 'Look: ![gone](nowhere/photo.png)\n');
    writeFileSync(join(dir, 'not-a-zip.docx'), 'this is plain text');
    copyFileSync(join(FIXTURE_IMAGES_DIR, 'not-really.png'), join(dir, 'not-really.png'));
    writeFileSync(join(dir, 'fake-image.md'), '![x](not-really.png)\n');
    writeFileSync(join(dir, 'notes.pdf'), '%PDF');
    const paths = ['missing-file.md', 'bad-yaml.md', 'missing-image.md', 'not-a-zip.docx', 'fake-image.md', 'notes.pdf', 'good.md'].map((f) => join(dir, f));
    const result = await store.call('import.files', { files: paths.map((p) => grant(store!, 'open-files', p)) });
    expect(result.imported.map((i) => i.path)).toEqual([good]);
    const messages = Object.fromEntries(result.failed.map((f) => [f.path.slice(dir.length + 1), f.message]));
    expect(messages['missing-file.md']).toMatch(/Cannot read missing-file\.md: it does not exist/);
    expect(messages['bad-yaml.md']).toMatch(/^Invalid front matter: The front matter is not valid YAML/);
    expect(messages['missing-image.md']).toMatch(/image link "nowhere\/photo\.png" points to a file that does not exist/);
    expect(messages['not-a-zip.docx']).toMatch(/not a Word document: a \.docx file is a zip archive/);
    expect(messages['fake-image.md']).toMatch(/cannot be used as an image/);
    expect(messages['notes.pdf']).toMatch(/not a Markdown \(\.md\) or Word \(\.docx\) file/);
    expect((await store.call('drafts.counts', {})).all).toBe(1);
  });

  test('a .docx keeps headings, lists, bold/italic/underline, links, images and footnotes', async () => {
    store = await openTestStore();
    const dir = folder();
    const path = join(dir, 'From Word.docx');
    writeFileSync(path, await minimalDocx());
    const result = await store.call('import.files', { files: [grant(store, 'open-files', path)] });
    expect(result.failed).toEqual([]);
    const draft = await store.call('drafts.get', { id: result.imported[0]!.id });
    expect(draft.headline).toBe('Word title');
    const types = draft.body.root.children.map((n) => (n.type === 'heading' ? String(n.tag) : n.type));
    expect(types).toEqual(['h2', 'paragraph', 'list', 'figure']);
    const text = JSON.stringify(draft.body);
    expect(text).toContain('"format":1,"mode":"normal","style":"","text":"bold"');
    expect(text).toContain('"format":2,"mode":"normal","style":"","text":"italic"');
    expect(text).toContain('"format":8,"mode":"normal","style":"","text":"under"');
    expect(text).toContain('"url":"https://example.org/"');
    expect(text).toContain('"type":"citation"');
    expect(draft.sources).toHaveLength(1);
    expect(draft.sources[0]!.outlet).toBe('A footnote source');
    const figure = draft.body.root.children[3]!;
    expect(figure.image).toBe(sha256File(join(FIXTURE_IMAGES_DIR, 'map.png')));
  });
});

/** A small Word document written by hand: the parts mammoth reads, zipped. */
async function minimalDocx(): Promise<Buffer> {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const run = (text: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
  const para = (content: string, style?: string, numbered = false) =>
    `<w:p>${style || numbered ? `<w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${numbered ? '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' : ''}</w:pPr>` : ''}${content}</w:p>`;
  const image =
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="map" descr="A map"/>' +
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">' +
    `<pic:nvPicPr><pic:cNvPr id="1" name="map"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rImg"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
  const body = [
    para(run('Word title'), 'Heading1'),
    para(run('A section'), 'Heading2'),
    para(
      run('Some ') + run('bold', '<w:b/>') + run(' and ') + run('italic', '<w:i/>') + run(' and ') + run('under', '<w:u w:val="single"/>') + run(' with ') +
        `<w:hyperlink r:id="rLink">${run('a link')}</w:hyperlink>` + '<w:r><w:footnoteReference w:id="1"/></w:r>',
    ),
    para(run('First item'), 'ListParagraph', true),
    para(run('Second item'), 'ListParagraph', true),
    para(image),
  ].join('');
  const zip = new JSZip();
  zip.file('[Content_Types].xml', `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`);
  zip.file('_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}</w:body></w:document>`);
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rLink" Type="${R}/hyperlink" Target="https://example.org/" TargetMode="External"/><Relationship Id="rImg" Type="${R}/image" Target="media/map.png"/><Relationship Id="rNum" Type="${R}/numbering" Target="numbering.xml"/><Relationship Id="rFoot" Type="${R}/footnotes" Target="footnotes.xml"/></Relationships>`,
  );
  zip.file('word/media/map.png', readFileSync(join(FIXTURE_IMAGES_DIR, 'map.png')));
  zip.file(
    'word/numbering.xml',
    `<?xml version="1.0"?><w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
  );
  zip.file('word/footnotes.xml', `<?xml version="1.0"?><w:footnotes xmlns:w="${W}"><w:footnote w:id="1"><w:p>${run('A footnote source.')}</w:p></w:footnote></w:footnotes>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}
