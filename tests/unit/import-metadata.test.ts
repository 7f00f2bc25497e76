import { describe, expect, test } from 'vitest';
import { splitCredit } from '../../src/common/import/credit';
import { fieldsFromFrontMatter } from '../../src/common/import/frontMatter';
import { importMarkdown } from '../../src/common/import/markdown';
import { readPieceDate } from '../../src/common/pieceDate';
import { sourceFromNote } from '../../src/common/import/sourceFromNote';
import type { Source } from '../../src/common/domain';
import type { SerializedNode } from '../../src/common/lexical/document';

/**
 * What a newsroom's archive carries besides its text: dates, credit lines,
 * citations, the top image's words and links written as raw HTML. Each is
 * read from the shapes real Hugo/Jekyll archives and wire captions use.
 */

function links(nodes: readonly SerializedNode[]): Array<{ url: unknown; text: string }> {
  const out: Array<{ url: unknown; text: string }> = [];
  const text = (n: SerializedNode): string =>
    typeof n.text === 'string' ? n.text : (n.children ?? []).map(text).join('');
  const walk = (list: readonly SerializedNode[]) => {
    for (const n of list) {
      if (n.type === 'link') out.push({ url: n.url, text: text(n) });
      else if (n.children) walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

describe('raw HTML links inside Markdown', () => {
  test('a safe link keeps its target; an unsafe one keeps only its words', () => {
    const piece = importMarkdown(
      'See <a href="https://example.com/a?b=1&amp;c=2" title="The report">the <em>report</em></a>, ' +
        'mail <a href=\'mailto:desk@example.org\'>the desk</a> and <a href="javascript:alert(1)">this</a>.\n',
    );
    expect(links(piece.body.root.children)).toEqual([
      { url: 'https://example.com/a?b=1&c=2', text: 'the report' },
      { url: 'mailto:desk@example.org', text: 'the desk' },
    ]);
    const paragraph = piece.body.root.children[0]!;
    const all = JSON.stringify(paragraph);
    expect(all).toContain('"text":" and this."');
    expect(all).not.toContain('javascript');
    // The emphasis inside the link is kept as a mark.
    expect(all).toContain('"format":2,"mode":"normal","style":"","text":"report"');
  });
});

describe('credit lines in captions and image titles', () => {
  // Caption shapes as the wires and newsrooms file them.
  const WIRE_CAPTIONS: Array<[string, string, string]> = [
    [
      'Ukrainian servicemen fire a howitzer near the front line in the Zaporizhzhia region, Ukraine, June 5, 2024. REUTERS/Stringer',
      'Ukrainian servicemen fire a howitzer near the front line in the Zaporizhzhia region, Ukraine, June 5, 2024.',
      'REUTERS/Stringer',
    ],
    [
      'A damaged building in Kyiv, Ukraine, July 8, 2024. REUTERS/Gleb Garanich/File Photo',
      'A damaged building in Kyiv, Ukraine, July 8, 2024.',
      'REUTERS/Gleb Garanich/File Photo',
    ],
    [
      'President Joe Biden speaks in the Rose Garden of the White House in Washington, Monday, May 20, 2024. (AP Photo/Evan Vucci)',
      'President Joe Biden speaks in the Rose Garden of the White House in Washington, Monday, May 20, 2024.',
      'AP Photo/Evan Vucci',
    ],
    [
      'Rescuers at the scene in Gaziantep, Turkey, Feb. 6, 2023. (AP Photo/Mustafa Karali, File)',
      'Rescuers at the scene in Gaziantep, Turkey, Feb. 6, 2023.',
      'AP Photo/Mustafa Karali, File',
    ],
    [
      'Firefighters work at the site of a strike in Kharkiv on May 25, 2024. (Photo by Genya SAVILOV / AFP)',
      'Firefighters work at the site of a strike in Kharkiv on May 25, 2024.',
      'Genya SAVILOV / AFP',
    ],
    [
      'Senators arrive at the Capitol. (Photo by Chip Somodevilla/Getty Images)',
      'Senators arrive at the Capitol.',
      'Chip Somodevilla/Getty Images',
    ],
    [
      'Secretary of State Antony Blinken arrives in Tel Aviv. Credit: Evelyn Hockstein/Pool via REUTERS',
      'Secretary of State Antony Blinken arrives in Tel Aviv.',
      'Evelyn Hockstein/Pool via REUTERS',
    ],
    [
      'Charles Michel and Ursula von der Leyen in Brussels. Mandel Ngan/AFP via Getty Images',
      'Charles Michel and Ursula von der Leyen in Brussels.',
      'Mandel Ngan/AFP via Getty Images',
    ],
    [
      'Leaders pose for a photo at the summit. J. Scott Applewhite/Pool via REUTERS',
      'Leaders pose for a photo at the summit.',
      'J. Scott Applewhite/Pool via REUTERS',
    ],
    [
      'Protesters gather outside parliament. Photo: Ludovic Marin/AFP via Getty Images',
      'Protesters gather outside parliament.',
      'Ludovic Marin/AFP via Getty Images',
    ],
    [
      'Rishi Sunak leaves Downing Street. Photograph: Dan Kitwood/Getty Images',
      'Rishi Sunak leaves Downing Street.',
      'Dan Kitwood/Getty Images',
    ],
    ['Photograph by Lynsey Addario for The New York Times', '', 'Lynsey Addario for The New York Times'],
    [
      'A trader on the floor of the exchange. Photographer: Jason Alden/Bloomberg',
      'A trader on the floor of the exchange.',
      'Jason Alden/Bloomberg',
    ],
    [
      'Supporters cheer at the rally. Credit...Doug Mills/The New York Times',
      'Supporters cheer at the rally.',
      'Doug Mills/The New York Times',
    ],
    [
      'Rescuers search the rubble in Antakya, Turkey, 08 February 2023. EPA-EFE/SEDAT SUNA',
      'Rescuers search the rubble in Antakya, Turkey, 08 February 2023.',
      'EPA-EFE/SEDAT SUNA',
    ],
    [
      'Workers at the plant in Zaporizhzhia. Photo credit: Jane Doe',
      'Workers at the plant in Zaporizhzhia.',
      'Jane Doe',
    ],
    ['The harbour at dawn. Credit — Marco Rossi/Contrasto', 'The harbour at dawn.', 'Marco Rossi/Contrasto'],
    ['A view of the damaged bridge. Image: Maxar Technologies', 'A view of the damaged bridge.', 'Maxar Technologies'],
    ['The old town at night | Photo: courtesy of the family', 'The old town at night', 'courtesy of the family'],
  ];

  test.each(WIRE_CAPTIONS)('%s', (text, caption, credit) => {
    expect(splitCredit({ caption: text, credit: '' })).toEqual({ caption, credit });
  });

  test.each([
    'A photo of the summit shows leaders shaking hands.',
    'The photo: a turning point in the campaign.',
    "Photographs by the victims' families were shown at the memorial.",
    'He posted the image: a cat asleep on a keyboard.',
    'Voters queue in Lagos (photo taken on a phone).',
    'The Photo Ark project, by Joel Sartore, documents species.',
    'Reuters/Ipsos poll shows a lead for the incumbent.',
    'Crowds in Kyiv. The picture changed by evening.',
  ])('leaves "%s" whole', (text) => {
    expect(splitCredit({ caption: text, credit: '' })).toEqual({ caption: text, credit: '' });
  });

  test('a credit that is already there is kept, caption untouched', () => {
    expect(splitCredit({ caption: 'Ships at anchor. Photo: A. Smith', credit: 'B. Jones' })).toEqual({
      caption: 'Ships at anchor. Photo: A. Smith',
      credit: 'B. Jones',
    });
  });

  test('every importer splits them: image titles, Hugo figures, HTML figures, front matter', () => {
    const piece = importMarkdown(
      [
        '---',
        'title: Credits',
        'image: { src: top.png, alt: Harbour, caption: "The harbour at dawn. Credit: Evelyn Hockstein/Pool via REUTERS" }',
        '---',
        '',
        '![A howitzer](a.png "Servicemen fire a howitzer, June 5, 2024. REUTERS/Stringer")',
        '',
        'Text ![Biden](b.png "Biden speaks. (AP Photo/Evan Vucci)") more text.',
        '',
        '{{< figure src="c.png" alt="Rally" caption="Supporters cheer. Photo: Ludovic Marin/AFP via Getty Images" >}}',
        '',
        '<figure><img src="d.png" alt="Rubble"><figcaption>Rubble in Antakya. EPA-EFE/SEDAT SUNA</figcaption></figure>',
        '',
      ].join('\n'),
    );
    const figures = piece.body.root.children
      .filter((n) => n.type === 'figure')
      .map((f) => ({ caption: f.caption, credit: f.credit }));
    expect(figures).toEqual([
      { caption: 'Servicemen fire a howitzer, June 5, 2024.', credit: 'REUTERS/Stringer' },
      { caption: 'Biden speaks.', credit: 'AP Photo/Evan Vucci' },
      { caption: 'Supporters cheer.', credit: 'Ludovic Marin/AFP via Getty Images' },
      { caption: 'Rubble in Antakya.', credit: 'EPA-EFE/SEDAT SUNA' },
    ]);
    expect(piece.topImage).toMatchObject({
      caption: 'The harbour at dawn.',
      credit: 'Evelyn Hockstein/Pool via REUTERS',
    });
  });
});

describe('footnote citations', () => {
  const base = { id: 'n', outlet: '', title: '', url: '', author: '', published: '', accessed: '', notes: '' };
  const CITATIONS: Array<[string, Partial<Source>]> = [
    [
      'The Washington Post, “Title of the story”, https://www.washingtonpost.com/world/2024/03/05/story/',
      {
        outlet: 'The Washington Post',
        title: 'Title of the story',
        url: 'https://www.washingtonpost.com/world/2024/03/05/story/',
      },
    ],
    [
      'Reuters, "Ceasefire talks resume in Cairo", https://www.reuters.com/world/x.',
      { outlet: 'Reuters', title: 'Ceasefire talks resume in Cairo', url: 'https://www.reuters.com/world/x' },
    ],
    [
      'Jane Doe, “Title of the Story,” The Washington Post, March 5, 2024, https://wapo.st/abc.',
      {
        author: 'Jane Doe',
        title: 'Title of the Story',
        outlet: 'The Washington Post',
        published: '2024-03-05',
        url: 'https://wapo.st/abc',
      },
    ],
    [
      'Doe, Jane. “Title of the Story.” The Washington Post, March 5, 2024. https://wapo.st/abc.',
      {
        author: 'Jane Doe',
        title: 'Title of the Story',
        outlet: 'The Washington Post',
        published: '2024-03-05',
        url: 'https://wapo.st/abc',
      },
    ],
    [
      '“Grain deal collapses,” by Jane Doe, Associated Press, Aug. 5, 2024.',
      { author: 'Jane Doe', title: 'Grain deal collapses', outlet: 'Associated Press', published: '2024-08-05' },
    ],
    [
      'Financial Times, “Energy truce holds”, 5 March 2024, https://www.ft.com/content/1, accessed 6 March 2024.',
      {
        outlet: 'Financial Times',
        title: 'Energy truce holds',
        published: '2024-03-05',
        accessed: '2024-03-06',
        url: 'https://www.ft.com/content/1',
      },
    ],
    [
      // Copydesk's own footnote text, as its HTML export writes it.
      'Nikos Vlachos, Kathimerini, “Seamen union statement”, https://www.ekathimerini.com/x (published 2025-02-27; accessed 2025-03-01).',
      {
        author: 'Nikos Vlachos',
        outlet: 'Kathimerini',
        title: 'Seamen union statement',
        url: 'https://www.ekathimerini.com/x',
        published: '2025-02-27',
        accessed: '2025-03-01',
      },
    ],
    ['Reuters, https://www.reuters.com/x', { outlet: 'Reuters', url: 'https://www.reuters.com/x' }],
  ];

  test.each(CITATIONS)('%s', (text, expected) => {
    expect(sourceFromNote('n', text, '')).toEqual({ ...base, ...expected });
  });

  test('a part it cannot place keeps the whole footnote in the notes', () => {
    const text = 'Interview with the harbour master, Piraeus, spring 2024; “notes on file”, desk archive, box 4.';
    const source = sourceFromNote('n', text, '');
    expect(source.title).toBe('notes on file');
    expect(source.notes).toBe(text);
    const month = sourceFromNote('n', 'Le Monde, “La trêve”, March 2024.', '');
    expect(month).toMatchObject({
      outlet: 'Le Monde',
      title: 'La trêve',
      published: '',
      notes: 'Le Monde, “La trêve”, March 2024.',
    });
  });

  test('a Markdown footnote with a bare address becomes a source with its parts', () => {
    const piece = importMarkdown(
      'Claim.[^1]\n\n[^1]: The Washington Post, “Title of the story”, https://www.washingtonpost.com/x\n',
    );
    expect(piece.sources).toEqual([
      {
        ...base,
        id: 'fn-1',
        outlet: 'The Washington Post',
        title: 'Title of the story',
        url: 'https://www.washingtonpost.com/x',
      },
    ]);
  });
});

describe('dates', () => {
  test.each([
    ['2024-03-05', '2024-03-05', false],
    ['2024-03-05T10:00:00Z', '2024-03-05T10:00:00Z', false],
    ['2024-03-05T10:00:00+01:00', '2024-03-05T10:00:00+01:00', false],
    ['2024-03-05 10:00:00 +0100', '2024-03-05T10:00:00+01:00', false],
    ['2024-03-05 10:00:00 -05:00', '2024-03-05T10:00:00-05:00', false],
    ['2001-12-14 21:59:43.10 -5', '2001-12-14T21:59:43.10-05:00', false],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43.10-05:00', false],
    ['2024-03-05T10:00', '2024-03-05T10:00:00Z', true],
    ['2024-3-5', '2024-03-05', false],
  ])('%s reads as %s', (text, date, assumedUtc) => {
    expect(readPieceDate(text)).toEqual({ date, assumedUtc });
  });

  test.each([
    '2024-02-30',
    '2024-13-01',
    '2024-03-05T25:00:00Z',
    '2024-03-05T10:00:00+15:00',
    'March 5, 2024',
    'yesterday',
    '',
    '20240305',
  ])('"%s" is not a date', (text) => {
    expect(readPieceDate(text)).toBeNull();
  });

  test('YAML 1.1 Date objects: a midnight is the day, a moment keeps its time', () => {
    expect(readPieceDate(new Date('2024-03-05T00:00:00Z'))).toEqual({ date: '2024-03-05', assumedUtc: false });
    expect(readPieceDate(new Date('2024-03-05T09:30:00Z'))).toEqual({
      date: '2024-03-05T09:30:00Z',
      assumedUtc: false,
    });
    const warnings: string[] = [];
    const fields = fieldsFromFrontMatter(
      { title: 'x', date: new Date('2024-03-05T00:00:00Z'), lastmod: new Date('2024-04-01T12:00:00Z') },
      warnings,
    );
    expect(fields).toMatchObject({ datePublished: '2024-03-05', dateModified: '2024-04-01T12:00:00Z' });
    expect(warnings).toEqual([]);
  });

  test('Hugo and Jekyll front matter keep the publication and update dates', () => {
    const hugo = importMarkdown(
      '---\ntitle: Grain deal\ndate: 2024-03-05T10:00:00Z\nlastmod: 2024-03-07\ndraft: false\n---\nText.\n',
    );
    expect(hugo).toMatchObject({
      datePublished: '2024-03-05T10:00:00Z',
      dateModified: '2024-03-07',
      status: 'published',
    });
    const jekyll = importMarkdown(
      '---\nlayout: post\ntitle: Grain deal\ndate: 2024-03-05 10:00:00 +0100\nupdated: 2024-03-06 08:15:00 +0100\n---\nText.\n',
    );
    expect(jekyll).toMatchObject({
      datePublished: '2024-03-05T10:00:00+01:00',
      dateModified: '2024-03-06T08:15:00+01:00',
    });
    expect(jekyll.warnings).toEqual([]);
    const publishDate = importMarkdown(
      '---\ntitle: x\ndate: 2024-01-01\npublishDate: 2024-03-05\nlast_modified_at: 2024-04-01T00:00:00-04:00\n---\n',
    );
    expect(publishDate).toMatchObject({ datePublished: '2024-03-05', dateModified: '2024-04-01T00:00:00-04:00' });
    const astro = importMarkdown('---\ntitle: x\npubDate: 2024-03-05\nupdatedDate: 2024-03-09\n---\n');
    expect(astro).toMatchObject({ datePublished: '2024-03-05', dateModified: '2024-03-09' });
  });

  test('a draft’s date is when it was written; an unreadable date is named in a warning', () => {
    expect(importMarkdown('---\ntitle: x\ndate: 2024-03-05\ndraft: true\n---\n')).toMatchObject({
      datePublished: '',
      status: 'draft',
    });
    const odd = importMarkdown('---\ntitle: x\ndate: March 5th\nlastmod: 2024-03-05T10:00\n---\n');
    expect(odd).toMatchObject({ datePublished: '', dateModified: '2024-03-05T10:00:00Z' });
    expect(odd.warnings).toEqual([
      expect.stringMatching(
        /^The front matter's date "March 5th" is not a date Copydesk reads, so it was left out\. Write a date as YYYY-MM-DD/,
      ),
      'The front matter\'s lastmod "2024-03-05T10:00" has no time zone; it was read as UTC (2024-03-05T10:00:00Z).',
    ]);
  });
});

describe('footnote addresses the store would refuse', () => {
  test('a broken or overlong address is kept in the notes, and the piece still imports', () => {
    const long = `https://example.org/${'a'.repeat(2100)}`;
    const source = sourceFromNote('n', `Reuters, “Long one”, ${long}`, '');
    expect(source).toMatchObject({
      outlet: 'Reuters',
      title: 'Long one',
      url: '',
      notes: `Reuters, “Long one”, ${long}`,
    });
    expect(sourceFromNote('n', 'Reuters, “Odd”, https://', '')).toMatchObject({
      outlet: 'Reuters',
      title: 'Odd',
      url: '',
    });
  });
});
