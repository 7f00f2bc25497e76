import { isWebUrl, LIMITS, type Source } from '../domain';

/**
 * A footnote that is not one of the piece's own sources becomes a source,
 * its parts read from the citation shapes newsrooms and the style guides
 * use, in any of their usual orders:
 *
 *   The Washington Post, “Title of the story”, https://…
 *   Jane Doe, “Title of the story,” The Washington Post, March 5, 2024, https://…   (Chicago note)
 *   Doe, Jane. “Title of the Story.” The Washington Post, March 5, 2024. https://…   (Chicago bibliography)
 *   “Title of the story,” by Jane Doe, The Washington Post, Aug. 5, 2024.            (AP)
 *   Jane Doe, The Washington Post, “Title”, https://… (published 2024-03-05; accessed 2024-03-06).  (Copydesk's own)
 *
 * The title is the quoted part (straight or curly quotes), the address the
 * first web link, "by …" or an inverted "Doe, Jane." the author, a date in
 * words or as YYYY-MM-DD the publication date ("accessed …" the access
 * date). What is left names the outlet. When a part cannot be placed with
 * confidence, the whole footnote is also kept in the notes, so nothing is lost.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)`;
/** A date in any of the usual forms, with "accessed"/"retrieved" before it when it says so. */
const DATE = new RegExp(
  String.raw`(?:\b(?<accessed>accessed|retrieved|viewed)(?:\s+on)?\s+)?\b(?:(?<y1>\d{4})-(?<m1>\d{2})-(?<d1>\d{2})|(?<m2>${MONTH})\s+(?<d2>\d{1,2}),?\s+(?<y2>\d{4})|(?<d3>\d{1,2})\s+(?<m3>${MONTH}),?\s+(?<y3>\d{4}))\b\.?`,
  'gi',
);
const WEB_URL = /https?:\/\/[^\s<>"“”]*/i;
const QUOTED = /“([^”]+)”|"([^"]+)"/;
const INVERTED_AUTHOR = /^(\p{Lu}[\p{L}'’-]+),\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)\.\s+(?=[“"])/u;
const TITLE_MARK = '\u0001';

type DateParts = Partial<Record<'y1' | 'm1' | 'd1' | 'm2' | 'd2' | 'y2' | 'd3' | 'm3' | 'y3' | 'accessed', string>>;

const monthNumber = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/** YYYY-MM-DD, or '' when the parts are not a real day. */
function isoDate(g: DateParts): string {
  const [year, month, day] = g.y1
    ? [g.y1, Number(g.m1), Number(g.d1)]
    : g.y2
      ? [g.y2, monthNumber(g.m2!), Number(g.d2)]
      : [g.y3!, monthNumber(g.m3!), Number(g.d3)];
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : '';
}

const clip = (text: string) => text.slice(0, LIMITS.sourceField);

export function sourceFromNote(id: string, text: string, linkUrl: string): Source {
  const whole = text.replace(/\s+/g, ' ').trim();
  const source: Source = { id, outlet: '', title: '', url: '', author: '', published: '', accessed: '', notes: '' };
  let unsure = false;
  let rest = whole;

  const bare = WEB_URL.exec(rest)?.[0]?.replace(/[.,;:)\]]+$/, '') ?? '';
  const url = linkUrl || (isWebUrl(bare) ? bare : '');
  for (const address of new Set([url, bare])) if (address) rest = rest.split(address).join(' , ');
  // An address the store would refuse stays in the notes (with the rest), not in `url`.
  if ((bare && !url) || url.length > LIMITS.sourceField) unsure = true;
  else source.url = url;
  // Copydesk's own footnotes end with "(published …; accessed …)".
  rest = rest.replace(/\((?:published|accessed)[^()]*\)/gi, (group) => group.replace(/[();]/g, ' , '));

  const inverted = INVERTED_AUTHOR.exec(rest);
  if (inverted) {
    source.author = `${inverted[2]} ${inverted[1]}`;
    rest = rest.slice(inverted[0].length);
  }
  const quoted = QUOTED.exec(rest);
  if (quoted) {
    source.title = clip(
      (quoted[1] ?? quoted[2]!)
        .trim()
        .replace(/[,.;:]$/, '')
        .trim(),
    );
    rest = `${rest.slice(0, quoted.index)} ${TITLE_MARK} ${rest.slice(quoted.index + quoted[0].length)}`;
  }

  rest = rest.replace(DATE, (...args: unknown[]) => {
    const groups = args[args.length - 1] as DateParts;
    const iso = isoDate(groups);
    if (!iso) unsure = true;
    else if (groups.accessed && !source.accessed) source.accessed = iso;
    else if (!groups.accessed && !source.published) source.published = iso;
    else unsure = true;
    return ' , ';
  });
  // A date with no day ("March 2024"), or a bare year, is not a YYYY-MM-DD: keep it in the notes.
  rest = rest.replace(
    new RegExp(String.raw`\b(?:(?:spring|summer|autumn|fall|winter|${MONTH})\s+)?\d{4}\b|\(\d{4}\)`, 'gi'),
    () => {
      unsure = true;
      return ' , ';
    },
  );

  // What is left: segments around the title, split at commas, semicolons and sentence ends.
  const [before, after] = rest.split(TITLE_MARK).map((part) =>
    (part ?? '')
      .split(/\s*(?:[,;:]|(?<=[\p{Ll}\d)]{2})\.(?=\s|$)|\s[—–-]\s)\s*/u)
      .map((s) => s.trim().replace(/^[.\s]+|[.\s]+$/g, ''))
      .filter((s) => /[\p{L}\p{N}]/u.test(s)),
  ) as [string[], string[] | undefined];
  const segments = { before, after: after ?? [] };
  for (const list of [segments.before, segments.after]) {
    const by = list.findIndex((s) => /^by\s+\S/i.test(s));
    if (by >= 0) {
      if (!source.author) source.author = list[by]!.replace(/^by\s+/i, '');
      else unsure = true;
      list.splice(by, 1);
    }
  }

  let outlet: string[];
  if (quoted) {
    if (segments.before.length === 2 && !source.author) {
      // Copydesk's own order: "Author, Outlet, “Title”".
      source.author = segments.before.shift()!;
      outlet = segments.before;
    } else if (segments.before.length === 1 && segments.after.length === 1 && !source.author) {
      // Chicago's note: "Author, “Title,” Outlet".
      source.author = segments.before[0]!;
      outlet = segments.after;
    } else {
      outlet = [...segments.before, ...segments.after];
    }
    if (outlet.length > 1) unsure = true;
    source.outlet = clip(outlet[0] ?? '');
  } else {
    // No title to anchor the parts: the words name the outlet, as they were written.
    outlet = [...segments.before];
    if (outlet.length > 1) unsure = true;
    source.outlet = clip(outlet.join(', '));
  }
  if (unsure) source.notes = whole.slice(0, LIMITS.sourceNotes);
  if (!source.outlet && !source.title && !source.url && !source.author && !source.notes)
    source.outlet = clip(whole.replace(/[\s,;:.]+$/, ''));
  return source;
}
