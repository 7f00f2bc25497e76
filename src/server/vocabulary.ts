import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { VocabularyChange, type VocabularyOutcome } from '../common/desk/workflow';
import { tagKey } from '../common/domain';
import { describeIssues } from './decisions';
import type { DeskUser, DocumentStore } from './store';

/**
 * The newsroom's shared vocabulary: a tag or a section renamed (or merged
 * into another) on every shared piece at once, by an editor, with the count
 * shown first. Each piece's document is changed as any client's edit would
 * be, so every machine holding it follows, and each change is in the audit.
 */

export interface VocabularyContext {
  store: DocumentStore;
  /** Every piece on the desk, with its headline. */
  pieces(): Promise<Array<{ document: string; headline: string }>>;
  loadDocument(name: string): Promise<Y.Doc | null>;
  /** Changes the piece's document as a client would (the live one, stored and sent to everyone). */
  change(document: string, edit: (doc: Y.Doc) => void): Promise<void>;
}

type Change = ReturnType<typeof VocabularyChange.parse>;

const fieldsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('fields');

/** The piece's tags with `from` replaced by `to` (a merge when it already has `to`), or null when it has no `from`. */
function renamedTags(tags: unknown, change: Change): string[] | null {
  if (!Array.isArray(tags)) return null;
  const list = tags.filter((t): t is string => typeof t === 'string');
  if (!list.some((t) => tagKey(t) === tagKey(change.from))) return null;
  const seen = new Set<string>();
  return list
    .map((t) => (tagKey(t) === tagKey(change.from) ? change.to : t))
    .filter((t) => !seen.has(tagKey(t)) && seen.add(tagKey(t)));
}

const sameSection = (a: string, b: string): boolean => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

function affected(doc: Y.Doc, change: Change): boolean {
  const value = fieldsOf(doc).get(change.field === 'tag' ? 'tags' : 'section');
  return change.field === 'tag'
    ? renamedTags(value, change) !== null
    : typeof value === 'string' && sameSection(value, change.from);
}

export type VocabularyAnswer =
  { ok: true; outcome: VocabularyOutcome } | { ok: false; status: 400; code: 'invalid'; message: string };

/** Counts the pieces a rename touches and, when asked to apply, renames it on each. The caller checked the role. */
export async function renameOnDesk(
  context: VocabularyContext,
  user: DeskUser,
  body: unknown,
  now: Date,
): Promise<VocabularyAnswer> {
  const parsed = VocabularyChange.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      code: 'invalid',
      message: `Not a rename the desk understands: ${describeIssues(parsed.error)}`,
    };
  const change = parsed.data;
  if (change.field === 'tag' ? tagKey(change.from) === tagKey(change.to) : change.from === change.to)
    return {
      ok: false,
      status: 400,
      code: 'invalid',
      message: `“${change.from}” and “${change.to}” are the same name.`,
    };
  const touched: Array<{ document: string; headline: string }> = [];
  for (const piece of await context.pieces()) {
    const doc = await context.loadDocument(piece.document);
    if (doc && affected(doc, change)) touched.push(piece);
  }
  if (!change.apply) return { ok: true, outcome: { ...change, pieces: touched, applied: false } };
  const label = change.field === 'tag' ? 'tag' : 'section';
  for (const piece of touched) {
    await context.change(piece.document, (doc) => {
      // Read again inside the change: the piece may have moved since it was counted.
      const fields = fieldsOf(doc);
      if (change.field === 'tag') {
        const next = renamedTags(fields.get('tags'), change);
        if (next) fields.set('tags', next);
      } else if (
        typeof fields.get('section') === 'string' &&
        sameSection(fields.get('section') as string, change.from)
      ) {
        fields.set('section', change.to);
      }
    });
    await context.store.withPieceLocked(piece.document, async (tx, state) => {
      await tx.appendAudit({
        at: now.toISOString(),
        actor: user.name,
        role: user.role,
        document: piece.document,
        action: change.field === 'tag' ? 'rename_tag' : 'rename_section',
        from: state.status,
        to: state.status,
        reason: `${label} “${change.from}” → “${change.to}”`,
        requestId: randomUUID(),
      });
    });
  }
  return { ok: true, outcome: { ...change, pieces: touched, applied: true } };
}
