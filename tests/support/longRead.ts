import { fixtureNames, loadFixture, type FixtureRun } from './fixtures';
import { between, pick, seeded } from './random';

/**
 * A long-read in Markdown of about `bytes` bytes (never more), as a desk
 * writes one: front matter, sections with headings, paragraphs with
 * emphasis, links and footnoted citations, lists (some nested), quotes.
 * The words are the fixture articles' own, shuffled by a seeded generator.
 */
export function longReadMarkdown(bytes: number, seed = 1): string {
  const random = seeded(seed);
  const sentences = fixtureSentences();
  const sentence = () => pick(random, sentences);
  const prose = (count: number) => Array.from({ length: count }, sentence).join(' ');
  // A piece may cite at most 500 sources: the footnotes cycle through 400, each defined where it is first cited.
  const defined = new Set<number>();
  const styled = (count: number, note: number) => {
    const words = prose(count).split(' ');
    const at = () => between(random, 0, words.length - 1);
    const i = at();
    words[i] = `**${words[i]}**`;
    const j = at();
    if (j !== i) words[j] = `*${words[j]}*`;
    const k = at();
    if (k !== i && k !== j) words[k] = `[${words[k]}](https://example.org/story/${note})`;
    return `${words.join(' ')}[^n${note % NOTES}]`;
  };

  const parts: string[] = [
    '---',
    'title: "The long read"',
    'author: A. Writer',
    'section: World',
    'tags: [energy, talks]',
    '---',
    '',
  ];
  let size = Buffer.byteLength(parts.join('\n'));
  const push = (block: string) => {
    const add = Buffer.byteLength(block) + 2;
    if (size + add > bytes) return false;
    parts.push(block, '');
    size += add;
    return true;
  };
  for (let section = 1; ; section++) {
    const blocks = [`## ${prose(1).slice(0, 60).trim()} (${section})`];
    for (let p = 0; p < 6; p++) blocks.push(styled(between(random, 3, 6), section * 10 + p));
    blocks.push(
      Array.from({ length: 4 }, (_, i) => (i === 2 ? `- ${sentence()}\n  - ${sentence()}` : `- ${sentence()}`)).join(
        '\n',
      ),
    );
    blocks.push(`> ${prose(2)}`);
    for (let p = 0; p < 6; p++) {
      const note = (section * 10 + p) % NOTES;
      if (defined.has(note)) continue;
      defined.add(note);
      blocks.push(
        `[^n${note}]: ${pick(random, OUTLETS)}, “${sentence().slice(0, 50)}”, https://example.org/source/${note}`,
      );
    }
    for (const block of blocks) if (!push(block)) return parts.join('\n');
  }
}

const NOTES = 400;
const OUTLETS = ['Reuters', 'The Washington Post', 'Le Monde', 'Financial Times', 'Al Jazeera'];

let cached: string[] | undefined;
function fixtureSentences(): string[] {
  if (cached) return cached;
  const text = (run: FixtureRun): string => (typeof run.text === 'string' ? run.text : text(run.text));
  const all: string[] = [];
  for (const name of fixtureNames()) {
    for (const block of loadFixture(name).body) {
      const runs = block.type === 'list' ? block.items.flatMap((i) => i.runs) : 'runs' in block ? block.runs : [];
      const joined = runs.map(text).join('');
      // Markdown's own punctuation would change the structure; the generator adds its own.
      for (const s of joined.split(/(?<=[.!?])\s+/)) if (s.length > 20 && !/[*_[\]`<>#\\]/.test(s)) all.push(s.trim());
    }
  }
  cached = all;
  return all;
}
