import { z } from 'zod';
import { isWebUrl, type Draft, type DraftStatus } from './domain';
import { citedSourceIds } from './nodes/citation/citationJson';
import { figuresOf } from './nodes/figure/figureJson';
import { blockTexts } from './lexical/document';
import { HouseStyleListInput, houseStyleMatcher, type HouseStyleTerm } from './style/houseStyle';
import { NewsroomWordsInput } from './style/newsroomWords';

/**
 * The pre-publish check: what an editor looks at before a piece goes out.
 * Pure, so the review pane, the workflow and the command line agree on it.
 * Each rule's severity is a setting: an error blocks Approve and Publish
 * (unless an editor overrides it with a reason), a warning only informs.
 */

export const CHECK_RULES = {
  headline_missing: 'The piece has no headline.',
  headline_too_long: 'The headline is longer than the limit.',
  dek_missing: 'The dek is empty.',
  top_image_missing: 'The piece has no top image.',
  figure_credit_missing: 'A figure has no credit.',
  figure_alt_missing: 'A figure has no alt text.',
  citation_dangling: 'A citation points to a source that is not in the list.',
  source_uncited: 'A source is never cited in the text.',
  source_url_missing: 'A source has no URL.',
  source_url_invalid: 'A source URL is not an http(s) address.',
  tags_missing: 'The piece has no tags.',
  section_missing: 'The piece has no section.',
  notes_open: 'Review notes are still open.',
  house_style: 'A term the house style avoids is used.',
} as const;

export type CheckRule = keyof typeof CHECK_RULES;
export type Severity = 'error' | 'warning' | 'off';

export interface CheckSettings {
  headlineMaxLength: number;
  severities: Record<CheckRule, Severity>;
  /** Terms to avoid, with the form to use instead or why they are banned. */
  houseStyle: HouseStyleTerm[];
  /** The newsroom dictionary: words the spelling check accepts. */
  dictionary: string[];
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  headlineMaxLength: 110,
  severities: {
    headline_missing: 'error',
    headline_too_long: 'warning',
    dek_missing: 'warning',
    top_image_missing: 'error',
    figure_credit_missing: 'error',
    figure_alt_missing: 'error',
    citation_dangling: 'error',
    source_uncited: 'warning',
    source_url_missing: 'warning',
    source_url_invalid: 'error',
    tags_missing: 'error',
    section_missing: 'error',
    notes_open: 'error',
    house_style: 'warning',
  },
  houseStyle: [],
  dictionary: [],
};

export const SEVERITIES = ['error', 'warning', 'off'] as const satisfies readonly Severity[];

/** What the `check` setting may hold: a limit, a severity per rule, the house style and the newsroom dictionary, each optional (defaults fill the rest). */
export const CheckSettingsInput = z.strictObject({
  headlineMaxLength: z
    .int('The headline limit must be a whole number.')
    .min(10, 'The headline limit must be at least 10 characters.')
    .max(500, 'The headline limit must be at most 500 characters.')
    .optional(),
  severities: z
    .partialRecord(z.enum(Object.keys(CHECK_RULES) as [CheckRule, ...CheckRule[]]), z.enum(SEVERITIES))
    .optional(),
  houseStyle: HouseStyleListInput.optional(),
  dictionary: NewsroomWordsInput.optional(),
});

/** The stored setting over the defaults: what the check runs with. */
export function checkSettingsFrom(saved: unknown): CheckSettings {
  const parsed = CheckSettingsInput.safeParse(saved);
  const value = parsed.success ? parsed.data : {};
  return {
    headlineMaxLength: value.headlineMaxLength ?? DEFAULT_CHECK_SETTINGS.headlineMaxLength,
    severities: { ...DEFAULT_CHECK_SETTINGS.severities, ...value.severities },
    houseStyle: value.houseStyle ?? [],
    dictionary: value.dictionary ?? [],
  };
}

/** Where a problem is, so the review pane can take the editor there. */
export type CheckTarget =
  | { kind: 'field'; field: 'headline' | 'dek' | 'tags' | 'section' | 'topImage' }
  | { kind: 'figure'; index: number; image: string }
  | { kind: 'source'; id: string }
  | { kind: 'citation'; index: number; sourceId: string }
  | { kind: 'note'; id: string }
  /** Words in the headline, the dek or the body, as written there. */
  | { kind: 'words'; where: 'headline' | 'dek' | 'body'; found: string };

export interface CheckProblem {
  rule: CheckRule;
  severity: Exclude<Severity, 'off'>;
  message: string;
  target: CheckTarget;
}

export interface CheckInput {
  draft: Pick<Draft, 'headline' | 'dek' | 'section' | 'tags' | 'sources' | 'topImage' | 'body'>;
  openNotes: ReadonlyArray<{ id: string; quote: string }>;
}

export function runCheck(
  { draft, openNotes }: CheckInput,
  settings: CheckSettings = DEFAULT_CHECK_SETTINGS,
): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const add = (rule: CheckRule, message: string, target: CheckTarget): void => {
    const severity = settings.severities[rule] ?? DEFAULT_CHECK_SETTINGS.severities[rule];
    if (severity !== 'off') problems.push({ rule, severity, message, target });
  };

  if (!draft.headline.trim())
    add('headline_missing', CHECK_RULES.headline_missing, { kind: 'field', field: 'headline' });
  else if ([...draft.headline].length > settings.headlineMaxLength) {
    add(
      'headline_too_long',
      `The headline is ${[...draft.headline].length} characters; the limit is ${settings.headlineMaxLength}.`,
      { kind: 'field', field: 'headline' },
    );
  }
  if (!draft.dek.trim()) add('dek_missing', CHECK_RULES.dek_missing, { kind: 'field', field: 'dek' });
  if (draft.topImage === null)
    add('top_image_missing', CHECK_RULES.top_image_missing, { kind: 'field', field: 'topImage' });

  figuresOf(draft.body).forEach((figure, index) => {
    const image = figure.image.trim();
    const caption = figure.caption.trim();
    const name = `Figure ${index + 1}${caption ? ` (“${caption.slice(0, 40)}${caption.length > 40 ? '…' : ''}”)` : ''}`;
    if (!figure.credit.trim()) add('figure_credit_missing', `${name} has no credit.`, { kind: 'figure', index, image });
    if (!figure.alt.trim()) add('figure_alt_missing', `${name} has no alt text.`, { kind: 'figure', index, image });
  });

  const sourceIds = new Set(draft.sources.map((s) => s.id));
  const cited = new Set<string>();
  citedSourceIds(draft.body).forEach((id, index) => {
    const sourceId = id.trim();
    cited.add(sourceId);
    if (!sourceIds.has(sourceId))
      add('citation_dangling', `Citation ${index + 1} points to a source that is not in the list.`, {
        kind: 'citation',
        index,
        sourceId,
      });
  });

  draft.sources.forEach((source, i) => {
    const name = `Source ${i + 1} (${source.outlet || source.title || 'untitled'})`;
    if (!cited.has(source.id))
      add('source_uncited', `${name} is never cited in the text.`, { kind: 'source', id: source.id });
    if (!source.url.trim()) add('source_url_missing', `${name} has no URL.`, { kind: 'source', id: source.id });
    else if (!isWebUrl(source.url.trim()))
      add('source_url_invalid', `${name} has a URL that is not an http(s) address.`, { kind: 'source', id: source.id });
  });

  houseStyleProblems(draft, settings.houseStyle, add);

  if (draft.tags.length === 0) add('tags_missing', CHECK_RULES.tags_missing, { kind: 'field', field: 'tags' });
  if (!draft.section.trim()) add('section_missing', CHECK_RULES.section_missing, { kind: 'field', field: 'section' });
  for (const note of openNotes) {
    add(
      'notes_open',
      `A review note is still open${note.quote ? ` on “${note.quote.slice(0, 40)}${note.quote.length > 40 ? '…' : ''}”` : ''}.`,
      { kind: 'note', id: note.id },
    );
  }
  return problems;
}

/** One problem per term and place (headline, dek, body), with how often it occurs there. */
function houseStyleProblems(
  draft: CheckInput['draft'],
  list: readonly HouseStyleTerm[],
  add: (rule: CheckRule, message: string, target: CheckTarget) => void,
): void {
  if (list.length === 0) return;
  const match = houseStyleMatcher(list);
  const places = [
    { where: 'headline' as const, texts: [draft.headline] },
    { where: 'dek' as const, texts: [draft.dek] },
    { where: 'body' as const, texts: draft.body.root.children.flatMap(blockTexts) },
  ];
  for (const { where, texts } of places) {
    const found = new Map<number, { first: string; count: number }>();
    for (const text of texts)
      for (const hit of match(text)) {
        const seen = found.get(hit.index);
        if (seen) seen.count++;
        else found.set(hit.index, { first: hit.found, count: 1 });
      }
    for (const [index, { first, count }] of found) {
      const entry = list[index]!;
      const times = count > 1 ? ` ${count} times` : '';
      const place = where === 'body' ? 'the text' : `the ${where}`;
      const reason = entry.reason.replace(/[.!?]+$/u, '');
      const advice = entry.preferred
        ? `use “${entry.preferred}”${reason ? ` (${reason})` : ''}`
        : `banned${reason ? `: ${reason}` : ''}`;
      add('house_style', `House style: “${first}”${times} in ${place}; ${advice}.`, {
        kind: 'words',
        where,
        found: first,
      });
    }
  }
}

export const hasBlockingProblems = (problems: readonly CheckProblem[]): boolean =>
  problems.some((p) => p.severity === 'error');

/**
 * What stops a live publish: the check's errors, unless the piece is
 * approved or published, where an editor may have overridden them on the
 * record.
 */
export function liveBlockers(problems: readonly CheckProblem[], status: DraftStatus): CheckProblem[] {
  if (status === 'approved' || status === 'published') return [];
  return problems.filter((p) => p.severity === 'error');
}
