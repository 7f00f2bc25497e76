import { afterEach, describe, expect, it } from 'vitest';
import type { SaveOutcome } from '../../src/common/api';
import type { Draft } from '../../src/common/domain';
import { countWords, emptyDocument, plainText, type LexicalDocument } from '../../src/common/lexical/document';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { Database } from '../../src/main/db/sqlite';
import { SETTLE_AFTER_EDITS } from '../../src/main/services/bodyJournal';
import { openTestStore, type TestStore } from '../support/store';
import { expectSearchIndexesInStep } from './_support';

/**
 * The edit journal: an autosave that changes a few words of a long piece
 * records only the blocks that changed, and everything that reads the piece
 * (get, search, export, revisions, the next open) sees the current body.
 */

const NEVER = 3_600_000;

function longBody(paragraphs = 120): LexicalDocument {
  const children = Array.from({ length: paragraphs }, (_, i) =>
    paragraphNode([textNode(`Paragraph ${i} of the feature about grid talks.`)]),
  );
  return { root: { ...emptyDocument().root, children } };
}

function withParagraph(doc: LexicalDocument, at: number, text: string): LexicalDocument {
  const children = [...doc.root.children];
  children[at] = paragraphNode([textNode(text)]);
  return { root: { ...doc.root, children } };
}

let store: TestStore;
afterEach(async () => {
  await store?.close();
});

async function edits(seqOf: string): Promise<Array<{ version: number; edit: string }>> {
  return store.ctx.db.all(
    'SELECT e.version, e.edit FROM draft_edits e JOIN drafts d ON d.seq = e.draft_seq WHERE d.id = ? ORDER BY e.version',
    [seqOf],
  );
}

function saved(outcome: SaveOutcome): Draft {
  if (outcome.kind !== 'saved') throw new Error(`expected a save, got ${outcome.kind}`);
  return outcome.draft;
}

/** A piece whose second save onward goes to the journal (the first writes it whole and keeps it warm). */
async function warmPiece(body = longBody()): Promise<Draft> {
  const created = await store.call('drafts.create', { headline: 'Grid talks', body: longBody(1) });
  return saved(await store.call('drafts.save', { id: created.id, expectedVersion: created.version, body }));
}

describe('the edit journal', () => {
  it('records a typed-in paragraph as that paragraph alone, and every read sees the current body', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const baseBefore = await store.ctx.db.get<{ body: string }>('SELECT body FROM drafts WHERE id = ?', [first.id]);
    const body = withParagraph(first.body, 60, 'A sentence the writer just typed about mediators.');
    const second = saved(await store.call('drafts.save', { id: first.id, expectedVersion: first.version, body }));
    expect(second.version).toBe(first.version + 1);
    expect(second.wordCount).toBe(countWords(plainText(body)));

    const journal = await edits(first.id);
    expect(journal.map((e) => e.version)).toEqual([second.version]);
    expect(journal[0]!.edit).toContain('mediators');
    // The edit holds the one paragraph, not the body around it.
    expect(journal[0]!.edit.length).toBeLessThan(JSON.stringify(body).length / 20);
    expect(await store.ctx.db.get('SELECT body FROM drafts WHERE id = ?', [first.id])).toEqual(baseBefore);

    const got = await store.call('drafts.get', { id: first.id });
    expect(got.body).toEqual(body);
    expect(got.version).toBe(second.version);
    expect(got.wordCount).toBe(second.wordCount);
    const listed = await store.call('drafts.list', { trashed: false, offset: 0, limit: 10 });
    expect(listed.rows[0]).toMatchObject({ id: first.id, version: second.version, wordCount: second.wordCount });

    // Saving the same body again is a no-op, as before.
    const again = await store.call('drafts.save', {
      id: first.id,
      expectedVersion: second.version,
      body: structuredClone(body),
    });
    expect(again.kind).toBe('unchanged');
    expect(await edits(first.id)).toHaveLength(1);
  });

  it('settles before a search: the words just typed are found, and the indexes stay exact', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const body = withParagraph(first.body, 3, 'Nobody expected the quartermaster.');
    await store.call('drafts.save', { id: first.id, expectedVersion: first.version, body });
    expect(await edits(first.id)).toHaveLength(1);

    const hits = await store.call('drafts.list', { query: 'quartermaster', trashed: false, offset: 0, limit: 10 });
    expect(hits.rows.map((r) => r.id)).toEqual([first.id]);
    expect(JSON.stringify(hits.rows[0]!.snippet)).toContain('quartermaster');
    expect(await edits(first.id)).toEqual([]);
    const row = await store.ctx.db.get<{ body: string; body_text: string; word_count: number }>(
      'SELECT body, body_text, word_count FROM drafts WHERE id = ?',
      [first.id],
    );
    expect(JSON.parse(row!.body)).toEqual(body);
    expect(row!.body_text).toBe(plainText(body));
    expect(row!.word_count).toBe(countWords(plainText(body)));
    await expectSearchIndexesInStep(store.ctx.db);
  });

  it('settles on its own after a pause, and after a long run of edits', async () => {
    store = await openTestStore({ settleAfterIdleMs: 30 });
    const first = await warmPiece();
    await store.call('drafts.save', {
      id: first.id,
      expectedVersion: first.version,
      body: withParagraph(first.body, 0, 'After a pause.'),
    });
    await expect.poll(() => edits(first.id), { timeout: 5_000 }).toEqual([]);
    await store.close();

    store = await openTestStore({ settleAfterIdleMs: NEVER });
    let draft = await warmPiece();
    const counts: number[] = [];
    for (let i = 0; i < SETTLE_AFTER_EDITS + 6; i++) {
      draft = saved(
        await store.call('drafts.save', {
          id: draft.id,
          expectedVersion: draft.version,
          body: withParagraph(draft.body, i % 100, `Edit ${i}.`),
        }),
      );
      counts.push((await edits(draft.id)).length);
    }
    // The run of edits was settled once it reached the limit, and the journal started again.
    expect(Math.max(...counts)).toBeLessThanOrEqual(SETTLE_AFTER_EDITS);
    expect(counts[counts.length - 1]).toBeLessThan(SETTLE_AFTER_EDITS);
    expect((await store.call('drafts.get', { id: draft.id })).body).toEqual(draft.body);
  });

  it('settles at close, and a journal left by a crash is settled at the next open', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const body = withParagraph(first.body, 10, 'Written just before the crash.');
    await store.call('drafts.save', { id: first.id, expectedVersion: first.version, body });
    // What a crash leaves: the journal's rows, with no settle after them.
    const leftover = await store.ctx.db.all<{
      draft_seq: number;
      version: number;
      edit: string;
      saved_at: number;
      word_count: number;
    }>('SELECT * FROM draft_edits');
    await store.close();
    expect(
      await openTestStore({ dir: store.dir }).then(async (s) => {
        const rows = await s.ctx.db.all('SELECT * FROM draft_edits');
        await s.close();
        return rows;
      }),
    ).toEqual([]);

    store = await openTestStore({ dir: store.dir, settleAfterIdleMs: NEVER });
    const { db } = store.ctx;
    await db.run('UPDATE drafts SET body = ?, body_text = ?, version = version - 1 WHERE id = ?', [
      JSON.stringify(first.body),
      plainText(first.body),
      first.id,
    ]);
    // Recording the edit again moves the piece back to its version (the journal's trigger).
    for (const e of leftover) {
      await db.run('INSERT INTO draft_edits (draft_seq, version, edit, saved_at, word_count) VALUES (?, ?, ?, ?, ?)', [
        e.draft_seq,
        e.version,
        e.edit,
        e.saved_at,
        e.word_count,
      ]);
    }
    await store.close();

    store = await openTestStore({ dir: store.dir, settleAfterIdleMs: NEVER });
    expect(await edits(first.id)).toEqual([]);
    const row = await store.ctx.db.get<{ body_text: string }>('SELECT body_text FROM drafts WHERE id = ?', [first.id]);
    expect(row!.body_text).toBe(plainText(body));
    expect((await store.call('drafts.get', { id: first.id })).body).toEqual(body);
    await expectSearchIndexesInStep(store.ctx.db);
  });

  it('records an edit only on the version it was made from, of a piece out of the trash', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const { db } = store.ctx;
    const seq = (await db.get<{ seq: number }>('SELECT seq FROM drafts WHERE id = ?', [first.id]))!.seq;
    const edit = JSON.stringify({
      head: { root: { ...first.body.root, children: [] } },
      steps: [first.body.root.children.length],
    });
    const insert = (version: number) =>
      db.run('INSERT INTO draft_edits (draft_seq, version, edit, saved_at, word_count) VALUES (?, ?, ?, ?, ?)', [
        seq,
        version,
        edit,
        1,
        1,
      ]);
    await expect(insert(first.version + 2)).rejects.toThrow(/stale draft version/);
    await expect(insert(first.version)).rejects.toThrow(/stale draft version/);
    await store.call('drafts.trash', { id: first.id });
    await expect(insert(first.version + 1)).rejects.toThrow(/stale draft version/);
    expect(await edits(first.id)).toEqual([]);
    expect((await db.get<{ version: number }>('SELECT version FROM drafts WHERE id = ?', [first.id]))!.version).toBe(
      first.version,
    );
  });

  it('a save from another window or process in between: the next autosave here meets a conflict, not a silent overwrite', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const elsewhere = await openTestStore({ dir: store.dir, settleAfterIdleMs: NEVER });
    try {
      const theirs = saved(
        await elsewhere.call('drafts.save', {
          id: first.id,
          expectedVersion: first.version,
          body: withParagraph(first.body, 2, 'Their sentence.'),
        }),
      );
      const mine = await store.call('drafts.save', {
        id: first.id,
        expectedVersion: first.version,
        body: withParagraph(first.body, 3, 'My sentence.'),
      });
      expect(mine.kind).toBe('conflict');
      if (mine.kind === 'conflict') expect(mine.current.body).toEqual(theirs.body);
      // Saving on from their version here writes the whole piece (this window's copy is of an older version), then edits again.
      const next = saved(
        await store.call('drafts.save', {
          id: first.id,
          expectedVersion: theirs.version,
          body: withParagraph(theirs.body, 3, 'My sentence.'),
        }),
      );
      const after = saved(
        await store.call('drafts.save', {
          id: first.id,
          expectedVersion: next.version,
          body: withParagraph(next.body, 4, 'And mine.'),
        }),
      );
      expect((await edits(first.id)).map((e) => e.version)).toEqual([after.version]);
      expect((await elsewhere.call('drafts.get', { id: first.id })).body).toEqual(after.body);
    } finally {
      await elsewhere.close();
    }
  });

  it('never keeps the caller’s objects: changing the document after saving it changes nothing stored', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const doc = structuredClone(first.body);
    let version = first.version;
    for (let i = 0; i < 5; i++) {
      (doc.root.children[i]!.children![0] as { text: string }).text = `Changed in place ${i}.`;
      version = saved(await store.call('drafts.save', { id: first.id, expectedVersion: version, body: doc })).version;
    }
    const snapshot = structuredClone(doc);
    (doc.root.children[50]!.children![0] as { text: string }).text = 'Never saved.';
    expect((await store.call('drafts.get', { id: first.id })).body).toEqual(snapshot);
    const next = saved(await store.call('drafts.save', { id: first.id, expectedVersion: version, body: doc }));
    expect(next.version).toBe(version + 1);
    expect((await store.call('drafts.get', { id: first.id })).body).toEqual(doc);
  });

  it('a headline change, a status change and a conflict all see and keep the current body', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const edited = withParagraph(first.body, 5, 'Edited before the headline changed.');
    const second = saved(
      await store.call('drafts.save', { id: first.id, expectedVersion: first.version, body: edited }),
    );

    const conflict = await store.call('drafts.save', {
      id: first.id,
      expectedVersion: first.version,
      body: longBody(),
    });
    expect(conflict.kind).toBe('conflict');
    if (conflict.kind === 'conflict') expect(conflict.current.body).toEqual(edited);

    // A change of headline writes the whole piece, settling the journal into it.
    const renamed = saved(
      await store.call('drafts.save', { id: first.id, expectedVersion: second.version, headline: 'Grid talks resume' }),
    );
    expect(renamed.body).toEqual(edited);
    expect(await edits(first.id)).toEqual([]);
    const row = await store.ctx.db.get<{ body_text: string }>('SELECT body_text FROM drafts WHERE id = ?', [first.id]);
    expect(row!.body_text).toBe(plainText(edited));

    // The body stays warm across both: the next saves are edits again.
    const third = saved(
      await store.call('drafts.save', {
        id: first.id,
        expectedVersion: renamed.version,
        body: withParagraph(edited, 6, 'Then more.'),
      }),
    );
    expect((await edits(first.id)).map((e) => e.version)).toEqual([third.version]);
    const inReview = await store.call('drafts.setStatus', {
      id: first.id,
      expectedVersion: third.version,
      status: 'in_review',
    });
    expect(inReview.kind).toBe('saved');
    if (inReview.kind !== 'saved') return;
    expect(inReview.draft.body).toEqual(withParagraph(edited, 6, 'Then more.'));
    const fourth = saved(
      await store.call('drafts.save', {
        id: first.id,
        expectedVersion: inReview.draft.version,
        body: withParagraph(edited, 7, 'And more.'),
      }),
    );
    expect((await edits(first.id)).map((e) => e.version)).toEqual([third.version, fourth.version]);
    const got = await store.call('drafts.get', { id: first.id });
    expect(got.body).toEqual(withParagraph(edited, 7, 'And more.'));
    expect(got.status).toBe('in_review');
  });

  it('revisions, the trash and purging work on a piece with edits waiting', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    const manual = saved(
      await store.call('drafts.save', {
        id: first.id,
        expectedVersion: first.version,
        reason: 'manual',
        body: withParagraph(first.body, 1, 'Kept by hand.'),
      }),
    );
    const later = saved(
      await store.call('drafts.save', {
        id: first.id,
        expectedVersion: manual.version,
        body: withParagraph(manual.body, 2, 'Typed later.'),
      }),
    );
    expect((await edits(first.id)).length).toBeGreaterThan(0);

    const revisions = await store.call('revisions.list', { draftId: first.id });
    const kept = revisions.find((r) => r.draftVersion === manual.version)!;
    expect((await store.call('revisions.get', { id: kept.id })).snapshot.body).toEqual(manual.body);
    const restored = await store.call('revisions.restore', { id: kept.id, expectedVersion: later.version });
    expect(restored.kind).toBe('saved');
    expect((await store.call('drafts.get', { id: first.id })).body).toEqual(manual.body);

    const current = await store.call('drafts.get', { id: first.id });
    const typed = saved(
      await store.call('drafts.save', {
        id: first.id,
        expectedVersion: current.version,
        body: withParagraph(current.body, 9, 'Zanzibar before the trash.'),
      }),
    );
    await store.call('drafts.trash', { id: first.id });
    const inTrash = await store.call('drafts.list', { query: 'Zanzibar', trashed: true, offset: 0, limit: 10 });
    expect(inTrash.rows.map((r) => r.id)).toEqual([first.id]);
    expect((await store.call('drafts.list', { query: 'Zanzibar', trashed: false, offset: 0, limit: 10 })).rows).toEqual(
      [],
    );
    await store.call('drafts.restore', { id: first.id });
    expect((await store.call('drafts.get', { id: first.id })).body).toEqual(typed.body);

    const again = saved(
      await store.call('drafts.save', {
        id: first.id,
        expectedVersion: typed.version,
        body: withParagraph(typed.body, 11, 'Before purging.'),
      }),
    );
    expect(await edits(first.id)).not.toEqual([]);
    expect(again.version).toBeGreaterThan(typed.version);
    await store.call('drafts.trash', { id: first.id });
    await store.call('drafts.purge', { id: first.id });
    expect(await store.ctx.db.all('SELECT * FROM draft_edits')).toEqual([]);
    await expectSearchIndexesInStep(store.ctx.db);
  });

  it('a damaged journal entry is reported clearly when the piece is read, and the store still opens', async () => {
    store = await openTestStore({ settleAfterIdleMs: NEVER });
    const first = await warmPiece();
    await store.close();
    // An entry whose steps pass the end of the body, as a damaged disk might leave it.
    const raw = await Database.open(store.dbPath);
    const seq = (await raw.get<{ seq: number }>('SELECT seq FROM drafts WHERE id = ?', [first.id]))!.seq;
    const head = { root: { ...first.body.root, children: [] } };
    await raw.run('INSERT INTO draft_edits (draft_seq, version, edit, saved_at, word_count) VALUES (?, ?, ?, ?, ?)', [
      seq,
      first.version + 1,
      JSON.stringify({ head, steps: [999999] }),
      Date.now(),
      first.wordCount,
    ]);
    await raw.close();
    const problems: Error[] = [];

    store = await openTestStore({
      dir: store.dir,
      settleAfterIdleMs: NEVER,
      onBackgroundProblem: (e) => problems.push(e),
    });
    expect(problems.map((p) => p.message).join('\n')).toMatch(
      new RegExp(`version ${first.version + 1} cannot be read back`),
    );
    await expect(store.call('drafts.get', { id: first.id })).rejects.toMatchObject({ code: 'database_corrupt' });
    // The library still lists it, and the rest of the store works.
    expect((await store.call('drafts.list', { trashed: false, offset: 0, limit: 10 })).rows.map((r) => r.id)).toEqual([
      first.id,
    ]);
  });
});
