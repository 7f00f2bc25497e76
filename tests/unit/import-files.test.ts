import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, test } from 'vitest';
import { importMarkdown } from '../../src/common/import/markdown';
import { ImportParser } from '../../src/main/import/parseInWorker';
import { FIXTURE_IMAGES_DIR } from '../support/fixtures';
import { longReadMarkdown } from '../support/longRead';
import { grant, openTestStore, type TestStore } from '../support/store';
import { closeAndRemove, sha256File } from './_support';
import { cleanupAfterEach } from './_cleanup';

/**
 * File import: Markdown as other tools write it (Hugo, Jekyll, Astro,
 * Obsidian front matter), Word documents through mammoth, and bad input
 * that fails one file with a clear message while the others come in.
 */

let store: TestStore | undefined;
const { folder } = cleanupAfterEach();
afterEach(async () => {
  await closeAndRemove(store);
  store = undefined;
});

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
      {
        id: 'fn-a',
        outlet: 'See the report',
        title: '',
        url: 'https://example.org/report',
        author: '',
        published: '',
        accessed: '',
        notes: '',
      },
    ]);
    expect(JSON.stringify(piece.body)).toContain('"type":"citation","version":1,"sourceId":"fn-a"');
  });

  test('Obsidian-style authors lists, description, and a leading # heading as the title', () => {
    const piece = importMarkdown(
      '---\nauthors:\n  - name: A. Writer\n  - B. Writer\ndescription: The dek\n---\n# The headline\n\nText with <u>underline</u> and ~~strike~~.\n',
    );
    expect(piece).toMatchObject({
      headline: 'The headline',
      dek: 'The dek',
      byline: ['A. Writer', 'B. Writer'],
      status: 'draft',
    });
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
    writeFileSync(
      join(dir, 'story.md'),
      '---\ntitle: Story\n---\n\nIntro.\n\n![A map](pics/the%20map.png "Lines on a map")\n',
    );
    const result = await store.call('import.files', { files: [grant(store, 'open-files', join(dir, 'story.md'))] });
    expect(result.failed).toEqual([]);
    const draft = await store.call('drafts.get', { id: result.imported[0]!.id });
    const figure = draft.body.root.children[1]!;
    expect(figure).toMatchObject({
      type: 'figure',
      alt: 'A map',
      caption: 'Lines on a map',
      image: sha256File(join(FIXTURE_IMAGES_DIR, 'map.png')),
    });
    // The worker hands the body over as bytes; it is stored as text, and searchable.
    expect(
      await store.ctx.db.get('SELECT typeof(body) AS body, typeof(body_text) AS text FROM drafts WHERE id = ?', [
        draft.id,
      ]),
    ).toEqual({ body: 'text', text: 'text' });
    expect((await store.call('drafts.list', { query: 'Intro' })).rows.map((r) => r.id)).toEqual([draft.id]);
  });

  test('images carried inside the file as data: URIs come in as library images, one per content, with their words', async () => {
    store = await openTestStore();
    const dir = folder();
    const map = readFileSync(join(FIXTURE_IMAGES_DIR, 'map.png'));
    const plant = readFileSync(join(FIXTURE_IMAGES_DIR, 'plant.png'));
    // The same map twice is one image.
    const uri = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
    writeFileSync(
      join(dir, 'inline.md'),
      `# Inline\n\n![A map](<${uri(map)}>)\n\n![A plant](<${uri(plant)}> "Potted. Credit: Staff")\n\n![The map again](<${uri(map)}>)\n`,
    );
    const result = await store.call('import.files', { files: [grant(store, 'open-files', join(dir, 'inline.md'))] });
    expect(result.failed).toEqual([]);
    const draft = await store.call('drafts.get', { id: result.imported[0]!.id });
    const figures = draft.body.root.children.filter((n) => n.type === 'figure');
    expect(figures.map((f) => f.image)).toEqual([
      sha256File(join(FIXTURE_IMAGES_DIR, 'map.png')),
      sha256File(join(FIXTURE_IMAGES_DIR, 'plant.png')),
      sha256File(join(FIXTURE_IMAGES_DIR, 'map.png')),
    ]);
    expect(await store.call('images.get', { id: String(figures[1]!.image) })).toMatchObject({
      caption: 'Potted.',
      credit: 'Staff',
    });
    expect(JSON.stringify(draft.body)).not.toContain('data:image');
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
    const paths = [
      'missing-file.md',
      'bad-yaml.md',
      'missing-image.md',
      'not-a-zip.docx',
      'fake-image.md',
      'notes.pdf',
      'good.md',
    ].map((f) => join(dir, f));
    const result = await store.call('import.files', { files: paths.map((p) => grant(store!, 'open-files', p)) });
    expect(result.imported.map((i) => i.path)).toEqual([good]);
    const messages = Object.fromEntries(result.failed.map((f) => [f.path.slice(dir.length + 1), f.message]));
    expect(messages['missing-file.md']).toMatch(/Cannot read missing-file\.md: it does not exist/);
    expect(messages['bad-yaml.md']).toMatch(/^Invalid front matter: The front matter is not valid YAML/);
    expect(messages['missing-image.md']).toMatch(
      /image link "nowhere\/photo\.png" points to a file that does not exist/,
    );
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

describe('hostile files (issue 11: one file must not freeze the app)', () => {
  /** Imports each named file of `files` into a fresh store; returns each file's message, or its draft's id. */
  async function importAll(
    files: Record<string, string | Buffer>,
  ): Promise<Record<string, { message?: string; id?: string }>> {
    store ??= await openTestStore();
    const dir = folder();
    const paths = Object.entries(files).map(([name, content]) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    });
    const result = await store.call('import.files', { files: paths.map((p) => grant(store!, 'open-files', p)) });
    const out: Record<string, { message?: string; id?: string }> = {};
    for (const f of result.failed) out[f.path.slice(dir.length + 1)] = { message: f.message };
    for (const i of result.imported) out[i.path.slice(dir.length + 1)] = { id: i.id };
    return out;
  }

  test('a file over the size limit is refused before it is read, saying by how much', async () => {
    const mb = 1024 * 1024;
    const big = Buffer.alloc(Math.round(2.5 * mb), 'All quiet on the desk today.\n\n');
    const out = await importAll({ 'big.md': big, 'big.html': Buffer.concat([big, big]) });
    expect(out['big.md']!.message).toBe('The file is 2.5 MB; Markdown imports are limited to 2 MB.');
    expect(out['big.html']!.message).toBe('The file is 5 MB; HTML imports are limited to 4 MB.');
    expect((await store!.call('drafts.counts', {})).all).toBe(0);
  });

  test('10,000 nested lists or quotes are refused before parsing; deep formatting and HTML before conversion', async () => {
    const depth = 10_000;
    const out = await importAll({
      'lists.md': `# Lists\n\n${'- '.repeat(depth)}deep\n`,
      'indented.md': Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n'),
      'quotes.md': `${'>'.repeat(depth)} deep\n`,
      'marks.md': `${'*a _b '.repeat(depth / 2)}c${' b_ a*'.repeat(depth / 2)}\n`,
      'emphasis.md': `Intro.\n\n${'*a _b '.repeat(50)}c${' b_ a*'.repeat(50)}\n`,
      'divs.html': `${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`,
      'inline.md': `Text\n\n${'<div>'.repeat(depth)}\n`,
      'fine.md': `${Array.from({ length: 6 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n')}\n\n> > > Three quotes deep.\n`,
    });
    expect(out['lists.md']!.message).toBe(
      'Lists and quotes are nested up to 10,000 levels deep (line 3); imports are limited to 64 levels.',
    );
    expect(out['indented.md']!.message).toMatch(
      /^Lists and quotes are nested up to \d+ levels deep \(line \d+\); imports are limited to 64 levels\.$/,
    );
    expect(out['quotes.md']!.message).toBe(
      'Lists and quotes are nested up to 10,000 levels deep (line 1); imports are limited to 64 levels.',
    );
    expect(out['marks.md']!.message).toBe(
      'The paragraph at line 1 has 20,000 emphasis marks (*, _, ~); imports are limited to 500 in one paragraph.',
    );
    expect(out['emphasis.md']!.message).toBe(
      'Formatting, links, lists and quotes are nested 100 levels deep; imports are limited to 64 levels.',
    );
    expect(out['divs.html']!.message).toBe(
      'HTML elements are nested 10,000 levels deep; imports are limited to 64 levels.',
    );
    expect(out['inline.md']!.message).toMatch(
      /^HTML elements are nested [\d,]+ levels deep; imports are limited to 64 levels\.$/,
    );
    expect(out['fine.md']!.id).toBeDefined();
    const fine = await store!.call('drafts.get', { id: out['fine.md']!.id! });
    expect(JSON.stringify(fine.body)).toContain('level 6');
  });

  test('a Word file that unpacks past the limit is refused from its zip directory, before mammoth reads it', async () => {
    const honest = await (
      await JSZip.loadAsync(await minimalDocx())
    ).generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    // A real bomb: 70 MB of spaces that pack into a few kilobytes.
    const zip = await JSZip.loadAsync(honest);
    zip.file('word/media/padding.bin', Buffer.alloc(70 * 1024 * 1024, 0x20));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    // A part that says it is 1 GB, and one that says it is smaller than it is.
    const declared = withDeclaredSize(honest, 'word/document.xml', 1024 * 1024 * 1024);
    const understated = withDeclaredSize(honest, 'word/document.xml', 10);
    const out = await importAll({
      'bomb.docx': bomb,
      'declared.docx': declared,
      'understated.docx': understated,
      'honest.docx': honest,
    });
    expect(out['bomb.docx']!.message).toMatch(
      /^The Word file unpacks to 70(\.\d)? MB \(\d+ KB packed\); Word imports are limited to 64 MB unpacked\.$/,
    );
    expect(out['declared.docx']!.message).toMatch(
      /^The Word file unpacks to 1024(\.\d)? MB \(\d+ KB packed\); Word imports are limited to 64 MB unpacked\.$/,
    );
    expect(out['understated.docx']!.message).toBe(
      "The Word file's part word/document.xml unpacks to more than the 10 bytes it declares; such a file is built to exhaust memory, and was not read.",
    );
    expect(out['honest.docx']!.id).toBeDefined();
  });

  test('a binary file renamed .md, bytes that are not UTF-8 and an empty file are refused with what they are', async () => {
    const png = readFileSync(join(FIXTURE_IMAGES_DIR, 'map.png'));
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('# Notepad\n\nSaved as UTF-16, café.\n', 'utf16le'),
    ]);
    const out = await importAll({
      'photo.md': png,
      'report.md': Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 0)]),
      'renamed-docx.md': await minimalDocx(),
      'binary.md': Buffer.from([0x41, 0x42, 0x00, 0x01, 0x02, 0x43]),
      'latin1.md': Buffer.from('# Café\n\nCrème brûlée.\n', 'latin1'),
      'empty.md': '',
      'blank.md': '\n  \n\t\n',
      'bom-only.md': Buffer.from([0xef, 0xbb, 0xbf]),
      'empty.docx': '',
      'utf16.md': utf16,
    });
    expect(out['photo.md']!.message).toBe(
      'This is not a Markdown file: its bytes are an image. Import the original Markdown or Word file.',
    );
    expect(out['report.md']!.message).toBe(
      'This is not a Markdown file: its bytes are a PDF document. Import the original Markdown or Word file.',
    );
    expect(out['renamed-docx.md']!.message).toMatch(
      /^This is not a Markdown file: its bytes are a zip archive \(a Word \.docx/,
    );
    expect(out['binary.md']!.message).toBe(
      'This is not a Markdown file: it holds binary data (a NUL byte at byte 2), which text never does.',
    );
    expect(out['latin1.md']!.message).toMatch(
      /^This Markdown file is not UTF-8 text: byte 5 \(0xe9\) cannot start or continue a character\. Save it as UTF-8/,
    );
    expect(out['empty.md']!.message).toBe('The file is empty: there is nothing to import.');
    expect(out['blank.md']!.message).toBe('The file is empty: it holds only blank lines and spaces.');
    expect(out['bom-only.md']!.message).toBe('The file is empty: there is nothing to import.');
    expect(out['empty.docx']!.message).toMatch(/not a Word document: a \.docx file is a zip archive/);
    const draft = await store!.call('drafts.get', { id: out['utf16.md']!.id! });
    expect(draft.headline).toBe('Notepad');
    expect(JSON.stringify(draft.body)).toContain('Saved as UTF-16, café.');
    expect(JSON.stringify(draft.body)).not.toContain('\ufffd');
    expect((await store!.call('drafts.counts', {})).all).toBe(1);
  });

  test('a file that parses for longer than the time limit is stopped, and the next file gets a new worker', async () => {
    // Each paragraph stays under the marks limit, yet micromark takes long over every one of them.
    const slow = `${'*a _b '.repeat(120)}c${' a*'.repeat(240)}\n\n`.repeat(300);
    const parser = new ImportParser({ parseSeconds: 2 });
    try {
      const job = (text: string, fileName: string) => ({
        kind: 'markdown' as const,
        bytes: Buffer.from(text),
        fileName,
        fallbackTitle: 'x',
      });
      await expect(parser.parse(job(slow, 'slow.md'))).rejects.toThrow(
        'Reading slow.md took longer than 2 s, the limit for one file; it was stopped.',
      );
      expect((await parser.parse(job('# After\n\nFine.\n', 'after.md'))).warnings).toEqual([]);
      expect((await parser.prepare('after.md', new Map(), null)).input.headline).toBe('After');
    } finally {
      await parser.close();
    }
  });

  test('files are parsed on the worker thread, not the event loop: without it a file fails alone, with it the file comes in', async () => {
    // That the window keeps answering is a figure, measured by the import bench; here, that the parse is the worker's.
    store = await openTestStore();
    const dir = folder();
    writeFileSync(join(dir, 'long.md'), longReadMarkdown(256 * 1024));
    const importLong = () =>
      store!.call('import.files', { files: [grant(store!, 'open-files', join(dir, 'long.md'))] });
    const worker = process.env.COPYDESK_IMPORT_WORKER;
    process.env.COPYDESK_IMPORT_WORKER = join(dir, 'no-worker-here.js');
    try {
      const result = await importLong();
      expect(result.imported).toEqual([]);
      expect(result.failed.map((f) => f.message)).toEqual([
        expect.stringMatching(
          /^Copydesk could not start reading long\.md: .+\. Nothing was imported from it; try again\.$/,
        ),
      ]);
    } finally {
      process.env.COPYDESK_IMPORT_WORKER = worker;
    }
    expect((await store.call('drafts.counts', {})).all).toBe(0);
    // With its worker, the same file comes in.
    expect((await importLong()).failed).toEqual([]);
    expect((await store.call('drafts.counts', {})).all).toBe(1);
  });
});

/** The docx with one part's uncompressed size in the central directory replaced, as a hostile archive would. */
function withDeclaredSize(docx: Buffer, part: string, size: number): Buffer {
  const out = Buffer.from(docx);
  const name = Buffer.from(part);
  for (let at = out.length - 46; at >= 0; at--) {
    if (
      out.readUInt32LE(at) === 0x02014b50 &&
      out.readUInt16LE(at + 28) === name.length &&
      out.subarray(at + 46, at + 46 + name.length).equals(name)
    ) {
      out.writeUInt32LE(size, at + 24);
      return out;
    }
  }
  throw new Error(`${part} is not in the archive`);
}

/** A small Word document written by hand: the parts mammoth reads, zipped. */
async function minimalDocx(): Promise<Buffer> {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const run = (text: string, props = '') =>
    `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
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
      run('Some ') +
        run('bold', '<w:b/>') +
        run(' and ') +
        run('italic', '<w:i/>') +
        run(' and ') +
        run('under', '<w:u w:val="single"/>') +
        run(' with ') +
        `<w:hyperlink r:id="rLink">${run('a link')}</w:hyperlink>` +
        '<w:r><w:footnoteReference w:id="1"/></w:r>',
    ),
    para(run('First item'), 'ListParagraph', true),
    para(run('Second item'), 'ListParagraph', true),
    para(image),
  ].join('');
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0"?><w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}</w:body></w:document>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rLink" Type="${R}/hyperlink" Target="https://example.org/" TargetMode="External"/><Relationship Id="rImg" Type="${R}/image" Target="media/map.png"/><Relationship Id="rNum" Type="${R}/numbering" Target="numbering.xml"/><Relationship Id="rFoot" Type="${R}/footnotes" Target="footnotes.xml"/></Relationships>`,
  );
  zip.file('word/media/map.png', readFileSync(join(FIXTURE_IMAGES_DIR, 'map.png')));
  zip.file(
    'word/numbering.xml',
    `<?xml version="1.0"?><w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`,
  );
  zip.file(
    'word/footnotes.xml',
    `<?xml version="1.0"?><w:footnotes xmlns:w="${W}"><w:footnote w:id="1"><w:p>${run('A footnote source.')}</w:p></w:footnote></w:footnotes>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}
