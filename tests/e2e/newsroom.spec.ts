import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { expect, test, type Harness } from './harness';
import { body, LIVE, nav, savedBody, submitJoin, withDesk } from './newsroom';

/**
 * Two computers and the newsroom's desk: the real desk server (Hocuspocus on
 * its embedded SQLite store, in this process) and two apps, each with its own
 * store, joined through the Newsroom screen as a person would.
 */

/** The shared join, and on the way the screen's word that it joined: this spec is the one that holds it to it. */
async function join(app: Harness, url: string, token: string): Promise<void> {
  const { page } = app;
  await submitJoin(page, url, token);
  await expect(page.getByRole('status').filter({ hasText: 'Joined the desk.' })).toBeVisible();
  await expect(page.getByText(/^Online\./)).toBeVisible({ timeout: 20_000 });
}

/** Types at the end of the body and waits until the autosave has it. */
async function typeAtEnd(app: Harness, draftId: string, text: string): Promise<void> {
  await body(app.page).click();
  await app.page.keyboard.press('Control+End');
  await app.page.keyboard.insertText(text);
  await expect.poll(() => savedBody(app, draftId), { timeout: 15_000 }).toContain(text.trim());
}

test('a writer shares a piece, an editor takes it from the desk, their edits meet live and after both worked offline', async ({
  machine,
}) => {
  test.setTimeout(240_000);
  await withDesk('copydesk-e2e-desk-', async ({ url, writerToken, editorToken, stop, restart }) => {
    const writer = await machine(LIVE);
    const editor = await machine(LIVE);
    const draft = await writer.store.call('drafts.create', {
      headline: 'Port strike talks resume',
      body: {
        root: {
          type: 'root',
          version: 1,
          children: [paragraphNode([textNode('Dockworkers returned to the table on Monday.')])],
        },
      },
    });

    // A wrong token is refused at the door, with the reason, and nothing is kept.
    await submitJoin(writer.page, url, 'not-a-token');
    await expect(
      writer.page.getByRole('alert').filter({ hasText: /^Not joined: The desk refused this token/ }),
    ).toBeVisible({ timeout: 20_000 });

    await join(writer, url, writerToken);
    await expect(writer.page.getByText('Wendy', { exact: true })).toBeVisible();

    // The writer shares the piece from its footer.
    await nav(writer.page, 'Write');
    await writer.page
      .getByRole('listbox', { name: 'Drafts' })
      .getByRole('option')
      .filter({ hasText: 'Port strike talks resume' })
      .click();
    await writer.page.getByRole('button', { name: 'Share with the desk' }).click();
    await expect(writer.page.getByText('Shared with the desk', { exact: true })).toBeVisible();

    // The editor joins and sees it on the desk's list, then downloads and opens it.
    await join(editor, url, editorToken);
    const listed = editor.page
      .getByRole('list', { name: 'The desk’s pieces' })
      .getByRole('listitem', { name: 'Port strike talks resume' });
    await expect(async () => {
      await editor.page.getByRole('button', { name: 'Refresh the list' }).click();
      await expect(listed).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(listed).toContainText('Shared by Wendy');
    await listed.getByRole('button', { name: 'Open (download)' }).click();
    await expect(editor.page.getByRole('textbox', { name: 'Headline' })).toHaveValue('Port strike talks resume');
    await expect(body(editor.page)).toContainText('Dockworkers returned to the table on Monday.');
    const editorDraftId = (await editor.store.call('desk.status', {})).pieces[0]!.draftId;

    // Presence: each sees the other in the piece, and the library marks it shared.
    await expect(writer.page.getByRole('status', { name: 'Ed is in this piece too' })).toBeVisible({ timeout: 20_000 });
    await expect(editor.page.getByRole('status', { name: 'Wendy is in this piece too' })).toBeVisible({
      timeout: 20_000,
    });
    await expect(
      writer.page
        .getByRole('listbox', { name: 'Drafts' })
        .getByRole('option')
        .filter({ hasText: 'Port strike talks resume' }),
    ).toContainText('Shared · Ed has it open');

    // Live: the editor's words reach the writer's open, unedited copy.
    await typeAtEnd(editor, editorDraftId, ' Ed: the union confirmed it.');
    await expect(body(writer.page)).toContainText('Ed: the union confirmed it.', { timeout: 20_000 });

    // The desk goes down; both keep working, and the Newsroom screen says what waits.
    await stop();
    await typeAtEnd(writer, draft.id, ' Wendy: talks run into Tuesday.');
    await typeAtEnd(editor, editorDraftId, ' Ed: check the pay figure.');
    await nav(writer.page, 'Newsroom');
    await expect(
      writer.page.getByText(
        /^Offline: changes are kept on this computer and sent when you reconnect\. \d+ changes? waiting to be sent\./,
      ),
    ).toBeVisible({
      timeout: 20_000,
    });

    // The desk comes back on the same address: both reconnect by themselves and the piece converges.
    await restart();
    await expect(writer.page.getByText(/^Online\./)).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(
        async () => {
          const [w, e] = [await savedBody(writer, draft.id), await savedBody(editor, editorDraftId)];
          return (
            w === e &&
            w.includes('Wendy: talks run into Tuesday.') &&
            w.includes('Ed: check the pay figure.') &&
            w.includes('Ed: the union confirmed it.')
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    // What the editor sees on screen is the merged piece, each sentence once.
    await expect(body(editor.page)).toContainText('Wendy: talks run into Tuesday.', { timeout: 20_000 });
    const seen = (await body(editor.page).innerText()).split('Ed: check the pay figure.').length - 1;
    expect(seen).toBe(1);

    // The writer takes the piece off the desk: the editor is told, and keeps a local copy.
    await nav(writer.page, 'Newsroom');
    const sharedRow = writer.page
      .getByRole('list', { name: 'Shared pieces' })
      .getByRole('listitem', { name: 'Port strike talks resume' });
    await sharedRow.getByRole('button', { name: 'Stop sharing…' }).click();
    await sharedRow.getByRole('button', { name: 'Take “Port strike talks resume” off the desk' }).click();
    await expect(
      writer.page.getByRole('status').filter({ hasText: 'is off the desk. Everyone who had it keeps their copy' }),
    ).toBeVisible();
    await expect(
      editor.page.getByText(
        '“Port strike talks resume” was taken off the desk. Your copy stays on this computer as a local piece.',
      ),
    ).toBeVisible({
      timeout: 20_000,
    });
    await nav(editor.page, 'Newsroom');
    await expect(
      editor.page
        .getByRole('list', { name: 'Pieces kept here' })
        .getByRole('listitem', { name: 'Port strike talks resume' }),
    ).toBeVisible();

    // She shares it again: he is told, his copy follows the desk again, and her typing reaches it live.
    await nav(writer.page, 'Write');
    await writer.page.getByRole('button', { name: 'Share with the desk' }).click();
    await expect(writer.page.getByText('Shared with the desk', { exact: true })).toBeVisible();
    await expect(
      editor.page.getByText(
        '“Port strike talks resume” is on the desk again. Your copy follows it again, with the changes you made meanwhile.',
      ),
    ).toBeVisible({ timeout: 20_000 });
    await expect(
      editor.page
        .getByRole('list', { name: 'Shared pieces' })
        .getByRole('listitem', { name: 'Port strike talks resume' }),
    ).toBeVisible({ timeout: 20_000 });
    await typeAtEnd(writer, draft.id, ' Wendy: back on the desk.');
    await expect
      .poll(() => savedBody(editor, editorDraftId), { timeout: 20_000 })
      .toContain('Wendy: back on the desk.');
  });
});
