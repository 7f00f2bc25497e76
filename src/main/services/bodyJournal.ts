import { LIMITS } from '../../common/domain';
import { blockTexts, wordCount, type LexicalDocument, type SerializedNode } from '../../common/lexical/document';
import { SqliteError, type Database, type Queryable, type Transaction } from '../db/sqlite';
import { alignBlocks, assembleBody, headOf, matchesTape, sameJson, stepsFrom, tapeOf, type Tape } from './blockEdits';
import { editedPieces, settleBody } from './draftBody';

/**
 * Makes an autosave cost what the writer changed, not the length of the
 * piece: body-only saves become edits of the blocks that changed, settled
 * later. Its invariants: docs/ARCHITECTURE.md, "The edit journal".
 */

export const SETTLE_AFTER_EDITS = 64;
export const SETTLE_AFTER_BYTES = 256 * 1024;
export const SETTLE_AFTER_IDLE_MS = 2_000;
/** Pieces kept in memory: the one being written and a few recently left. */
const WARM_PIECES = 4;

/** A body's blocks with the plain text pieces (for search) and the words (`wordCount`) each contributes. */
export interface DescribedBlocks {
  texts: string[][];
  words: number[];
}

export function describeBlocks(blocks: readonly SerializedNode[]): DescribedBlocks {
  return { texts: blocks.map(blockTexts), words: blocks.map((block) => wordCount([block])) };
}

export const textOf = (described: DescribedBlocks): string => described.texts.flat().join('\n\n');
export const wordsOf = (described: DescribedBlocks): number => described.words.reduce((a, b) => a + b, 0);

/**
 * A version of a body, held as copies (never a caller's objects, which the
 * caller may go on changing): each block's JSON, and its tape to compare
 * the next version's block with.
 */
interface WarmBody extends DescribedBlocks {
  id: string;
  seq: number;
  version: number;
  head: LexicalDocument;
  blockJson: string[];
  tapes: Tape[];
}

/** The length of the JSON `assembleBody` writes. */
function bodyLength(head: LexicalDocument, blockJson: readonly string[]): number {
  let length = assembleBody(head, []).length + Math.max(0, blockJson.length - 1);
  for (const json of blockJson) length += json.length;
  return length;
}

/** A version of a body from a caller's document, copied. */
function warmFrom(
  draft: { id: string; seq: number },
  version: number,
  body: LexicalDocument,
  described: DescribedBlocks,
): WarmBody {
  const blocks = body.root.children;
  return {
    id: draft.id,
    seq: draft.seq,
    version,
    head: JSON.parse(JSON.stringify(headOf(body))) as LexicalDocument,
    blockJson: blocks.map((block) => JSON.stringify(block)),
    tapes: blocks.map((block) => tapeOf(block)),
    ...described,
  };
}

/** A body compared with the copy in memory: `editJson` null when nothing changed, else the edit and the state it leads to. */
export type PreparedEdit = { from: WarmBody; editJson: null } | { from: WarmBody; editJson: string; next: WarmBody };

interface Waiting {
  edits: number;
  bytes: number;
}

export interface BodyJournalOptions {
  settleAfterIdleMs?: number;
  onProblem?: (error: Error) => void;
}

export class BodyJournal {
  /** By draft id, least recently saved first. */
  private readonly warm = new Map<string, WarmBody>();
  private readonly waiting = new Map<number, Waiting>();
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly idleMs: number;

  constructor(
    private readonly db: Database,
    private readonly options: BodyJournalOptions = {},
  ) {
    this.idleMs = options.settleAfterIdleMs ?? SETTLE_AFTER_IDLE_MS;
  }

  /**
   * Compares `body` with the copy of piece `id` in memory, block by block:
   * null when there is no copy. A save calls this while the piece's row is
   * being read, and hands the answer to `recordEdit`.
   */
  prepareEdit(id: string, body: LexicalDocument): PreparedEdit | null {
    const warm = this.warm.get(id);
    if (!warm) return null;
    const next = body.root.children;
    const head = headOf(body);
    const matched = alignBlocks(warm.tapes.length, next.length, (i, j) => matchesTape(next[i], warm.tapes[j]!));
    const sameHead = sameJson(head, warm.head);
    if (sameHead && next.length === warm.tapes.length && matched.every((m, i) => m === i))
      return { from: warm, editJson: null };

    // Everything taken from the caller's blocks is copied now: the caller may change them after the save.
    const n = next.length;
    const state: WarmBody = {
      id,
      seq: warm.seq,
      version: warm.version + 1,
      head: sameHead ? warm.head : (JSON.parse(JSON.stringify(head)) as LexicalDocument),
      blockJson: new Array<string>(n),
      tapes: new Array<Tape>(n),
      texts: new Array<string[]>(n),
      words: new Array<number>(n),
    };
    const insertedJson: string[] = [];
    for (let i = 0; i < n; i++) {
      const m = matched[i];
      if (m === null || m === undefined) {
        const block = next[i]!;
        const json = JSON.stringify(block);
        const described = describeBlocks([block]);
        insertedJson[i] = json;
        state.blockJson[i] = json;
        state.tapes[i] = tapeOf(block);
        state.texts[i] = described.texts[0]!;
        state.words[i] = described.words[0]!;
      } else {
        state.blockJson[i] = warm.blockJson[m]!;
        state.tapes[i] = warm.tapes[m]!;
        state.texts[i] = warm.texts[m]!;
        state.words[i] = warm.words[m]!;
      }
    }
    // Past the limit the whole body is written instead, and refused there with the reason.
    if (bodyLength(state.head, state.blockJson) > LIMITS.bodyBytes) return null;
    const steps = stepsFrom(matched, (i) => insertedJson[i]!, warm.tapes.length);
    const editJson = `{"head":${JSON.stringify(state.head)},"steps":[${steps.join(',')}]}`;
    return { from: warm, editJson, next: state };
  }

  /**
   * Records a body-only save of `draft` as an edit: one INSERT, which the
   * journal's triggers refuse unless the piece is still at `draft.version`
   * and out of the trash, and which moves it to the next version. Inside a
   * transaction `tx` the journal's copy changes when it commits; without one
   * (`tx` null) the statement is its own transaction. A refusal answers
   * 'stale'. Null when the piece's current version is not in memory (the
   * caller writes the whole body); 'unchanged' when the body is the one stored.
   */
  async recordEdit(
    q: Queryable,
    tx: Transaction | null,
    draft: { id: string; seq: number; version: number },
    body: LexicalDocument,
    now: number,
    prepared: PreparedEdit | null = null,
  ): Promise<{ wordCount: number } | 'unchanged' | 'stale' | null> {
    // A save queued behind another of the same piece compares again, with what that one left.
    const edit = prepared && prepared.from === this.warm.get(draft.id) ? prepared : this.prepareEdit(draft.id, body);
    if (!edit || edit.from.version !== draft.version) return null;
    if (edit.editJson === null) return 'unchanged';
    const { editJson, next } = edit;
    const wordCount = wordsOf(next);
    try {
      await q.runPrepared(
        'INSERT INTO draft_edits (draft_seq, version, edit, saved_at, word_count) VALUES (?, ?, ?, ?, ?)',
        [draft.seq, next.version, editJson, now, wordCount],
      );
    } catch (err) {
      if (err instanceof SqliteError && err.message.includes('stale draft version')) return 'stale';
      throw err;
    }
    const recorded = () => {
      this.keep(next);
      const waiting = this.waiting.get(draft.seq) ?? { edits: 0, bytes: 0 };
      waiting.edits++;
      waiting.bytes += editJson.length;
      this.waiting.set(draft.seq, waiting);
      if (waiting.edits >= SETTLE_AFTER_EDITS || waiting.bytes >= SETTLE_AFTER_BYTES)
        void this.settleInBackground(draft.seq);
      else this.restartIdleTimer();
    };
    if (tx) tx.afterCommit(recorded);
    else recorded();
    return { wordCount };
  }

  /**
   * After the whole body was written as `version` (its journal emptied):
   * keeps a copy in memory so the next save can be an edit.
   */
  rememberWritten(
    tx: Transaction,
    draft: { id: string; seq: number },
    version: number,
    body: LexicalDocument,
    described: DescribedBlocks,
  ): void {
    // Copied now, while the caller's document is as it was written.
    const warm = warmFrom(draft, version, body, described);
    tx.afterCommit(() => {
      this.waiting.delete(draft.seq);
      this.keep(warm);
    });
  }

  /** After a write that left the body as it was but moved the piece to `version`. */
  bodyKept(tx: Transaction, id: string, from: number, to: number): void {
    tx.afterCommit(() => {
      const warm = this.warm.get(id);
      if (warm?.version === from) warm.version = to;
    });
  }

  /** Settles every piece this process has edits waiting for. */
  async settleWaiting(): Promise<void> {
    for (const seq of [...this.waiting.keys()]) await this.settle(seq);
  }

  /** At open: settles what a crash or another process left waiting. */
  async recover(): Promise<void> {
    // A piece whose edits cannot be settled still opens: reading it reports what is wrong.
    for (const seq of await editedPieces(this.db)) await this.settleInBackground(seq);
  }

  /** Before the store closes: nothing is left waiting that need not be. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await this.settleWaiting().catch((err: unknown) => this.report(err));
    this.warm.clear();
  }

  private settle(seq: number): Promise<void> {
    return this.db.transaction(async (tx) => {
      const warm = [...this.warm.values()].find((w) => w.seq === seq);
      const known = warm && {
        version: warm.version,
        json: () => assembleBody(warm.head, warm.blockJson),
        text: () => textOf(warm),
        words: wordsOf(warm),
      };
      await settleBody(tx, seq, known);
      tx.afterCommit(() => this.waiting.delete(seq));
    });
  }

  private async settleInBackground(seq: number): Promise<void> {
    await this.settle(seq).catch((err: unknown) => this.report(err));
  }

  private restartIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      void this.settleWaiting().catch((err: unknown) => this.report(err));
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private keep(body: WarmBody): void {
    this.warm.delete(body.id);
    this.warm.set(body.id, body);
    while (this.warm.size > WARM_PIECES) this.warm.delete(this.warm.keys().next().value!);
  }

  private report(err: unknown): void {
    this.options.onProblem?.(err instanceof Error ? err : new Error(String(err)));
  }
}
