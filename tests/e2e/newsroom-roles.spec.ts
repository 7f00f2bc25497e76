import type { Page } from '@playwright/test';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import { expect, test } from './harness';
import { join, LIVE, nav, withDesk } from './newsroom';

/**
 * The newsroom's roles, enforced by the desk's server and shown by the app:
 * two computers (a writer's and an editor's, each with its own store) on the
 * real desk server, driven through the screens as people would. The writer
 * submits; the editor approves over a failing check from the Team desk;
 * the writer is told; an assignment reaches the writer; cards move by
 * keyboard and by drag; a writer's forbidden move is refused, visibly.
 */

const column = (page: Page, label: string) => page.getByRole('region', { name: new RegExp(`^${label}`) });
const card = (page: Page, label: string, headline: string) =>
  column(page, label).getByRole('listitem', { name: headline });

async function openTeamDesk(page: Page): Promise<void> {
  await nav(page, 'Desk');
  const team = page.getByRole('group', { name: 'Which desk' }).getByRole('button', { name: 'Team desk' });
  if ((await team.getAttribute('aria-pressed')) !== 'true') await team.click();
  await expect(page.getByRole('heading', { name: 'Team desk', level: 1 })).toBeVisible();
}

const piece = (headline: string, text: string) => ({
  headline,
  body: { root: { type: 'root' as const, version: 1, children: [paragraphNode([textNode(text)])] } },
});

test('a writer submits, an editor approves over the check from the Team desk, assigns, and moves cards; a writer may not', async ({
  machine,
}) => {
  test.setTimeout(240_000);
  await withDesk('copydesk-e2e-roles-', async ({ url, writerToken, editorToken }) => {
    const writer = await machine(LIVE);
    const editor = await machine(LIVE);
    const w = writer.page;
    const e = editor.page;
    // No tags, section or top image: the newsroom's check refuses to approve it as it is.
    const vote = await writer.store.call('drafts.create', piece('Council budget vote', 'The council meets at six.'));
    const ferry = await writer.store.call('drafts.create', piece('Ferry timetable', 'Winter sailings start Monday.'));

    await join(writer, url, writerToken);
    await join(editor, url, editorToken);

    // The writer shares both pieces; the open one shows the desk's workflow with the role the server gave.
    await nav(w, 'Write');
    for (const headline of ['Ferry timetable', 'Council budget vote']) {
      await w.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: headline }).click();
      await w.getByRole('button', { name: 'Share with the desk' }).click();
      await expect(w.getByText('Shared with the desk', { exact: true })).toBeVisible();
    }
    if (await w.getByRole('button', { name: 'Show fields' }).isVisible())
      await w.getByRole('button', { name: 'Show fields' }).click();
    await w
      .getByRole('tablist', { name: 'Side pane' })
      .getByRole('tab', { name: /^Review/ })
      .click();
    await expect(w.getByText('You are a writer on the desk.')).toBeVisible({ timeout: 20_000 });
    // The local role switch is gone for a shared piece: the server's role is shown instead.
    await expect(w.getByText('Wendy · Writer on the desk')).toBeVisible();
    await expect(w.getByRole('button', { name: 'Change', exact: true })).toHaveCount(0);
    const desk = w.getByRole('group', { name: 'Desk actions' });
    await expect(desk.getByRole('button')).toHaveText(['Submit for review']);
    await desk.getByRole('button', { name: 'Submit for review' }).click();
    await expect(w.getByText('Status on the desk:')).toContainText('In review', { timeout: 20_000 });
    await expect(w.getByRole('group', { name: 'Desk actions' })).toHaveCount(0);

    // The editor finds it in the Team desk's In review column and drags it to Approved: the desk's check refuses.
    await openTeamDesk(e);
    await expect(e.getByText('Ed · You are an editor on the desk')).toBeVisible();
    await expect(card(e, 'In review', 'Council budget vote')).toBeVisible({ timeout: 20_000 });
    await card(e, 'In review', 'Council budget vote').dragTo(e.getByRole('heading', { name: /^Approved/ }));
    const refusal = e.getByRole('group', { name: 'The desk’s check found problems' });
    await expect(refusal).toBeVisible({ timeout: 20_000 });
    await expect(refusal.getByRole('list', { name: 'What the desk’s check found' })).toContainText('Error');
    await expect(refusal.getByRole('button', { name: 'Approve anyway' })).toBeDisabled();
    await refusal.getByLabel('Reason to approve anyway').fill('Wire photo and tags follow at six');
    await refusal.getByRole('button', { name: 'Approve anyway' }).click();
    await expect(card(e, 'Approved', 'Council budget vote')).toBeVisible({ timeout: 20_000 });
    await expect(e.getByRole('status').filter({ hasText: '“Council budget vote” is now Approved.' })).toBeVisible();

    // The writer is told, and sees the desk's status.
    await expect(w.getByText('Status on the desk:')).toContainText('Approved', { timeout: 20_000 });
    await expect(w.getByText('Approved on the desk')).toBeVisible();
    const bell = w.getByRole('button', { name: /^Notifications, \d+ unread$/ });
    await expect(bell).toBeVisible({ timeout: 20_000 });
    await bell.click();
    const list = w.getByRole('dialog', { name: 'Notifications' });
    await expect(list.getByRole('listitem').filter({ hasText: 'Council budget vote' }).first()).toContainText('Unread');
    await list.getByRole('button', { name: 'Mark all read' }).click();
    await expect(w.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
    await w.keyboard.press('Escape');

    // The editor assigns the other piece to the writer, with a deadline and a slot.
    await card(e, 'Draft', 'Ferry timetable').getByRole('button', { name: 'Assign “Ferry timetable”…' }).click();
    const assign = e.getByRole('dialog', { name: 'Assign “Ferry timetable”' });
    await assign.getByLabel('Assignee').fill('Wendy');
    await assign.getByLabel('Editor').fill('Ed');
    await assign.getByLabel('Deadline').fill('2031-03-04T17:00');
    await assign.getByLabel('Slot section').fill('Local');
    await assign.getByLabel('Slot date').fill('2031-03-05');
    await assign.getByRole('button', { name: 'Save assignment' }).click();
    await expect(assign).toBeHidden({ timeout: 20_000 });
    await expect(card(e, 'Draft', 'Ferry timetable')).toContainText('Assigned to Wendy · editor Ed', {
      timeout: 20_000,
    });
    await expect(card(e, 'Draft', 'Ferry timetable')).toContainText('Slot: Local, 2031-03-05');
    // The writer's bell rings; choosing the notification opens the piece.
    await expect(w.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible({ timeout: 20_000 });
    await w.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await w
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('button', { name: /Ferry timetable/ })
      .first()
      .click();
    await expect(w.getByRole('textbox', { name: 'Headline' })).toHaveValue('Ferry timetable');
    await expect(w.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();

    // The editor moves a card by keyboard (Approved → Published), and the focus follows it.
    await card(e, 'Approved', 'Council budget vote').focus();
    await e.keyboard.press('Alt+ArrowRight');
    await expect(card(e, 'Published', 'Council budget vote')).toBeVisible({ timeout: 20_000 });
    await expect(card(e, 'Published', 'Council budget vote')).toBeFocused();
    // The card is drawn in its new column when the board is read again, a moment before the move's own answer
    // is shown: the editor sees that answer before picking the card up again (a drag started as the board
    // redraws under the pointer never starts).
    await expect(e.getByRole('status').filter({ hasText: '“Council budget vote” is now Published.' })).toBeVisible();
    // … and by drag (Published → Archived).
    await card(e, 'Published', 'Council budget vote').dragTo(e.getByRole('heading', { name: /^Archived/ }));
    await expect(card(e, 'Archived', 'Council budget vote')).toBeVisible({ timeout: 20_000 });

    // The writer's board: "Mine" keeps the assigned piece; a forbidden move is refused with the reason.
    await openTeamDesk(w);
    await expect(card(w, 'Archived', 'Council budget vote')).toBeVisible({ timeout: 20_000 });
    await w.getByRole('button', { name: 'Mine', exact: true }).click();
    await expect(w.getByRole('button', { name: 'Mine', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(card(w, 'Archived', 'Council budget vote')).toHaveCount(0);
    await expect(card(w, 'Draft', 'Ferry timetable')).toBeVisible();
    await w.getByRole('button', { name: 'Mine', exact: true }).click();
    await card(w, 'Archived', 'Council budget vote').dragTo(w.getByRole('heading', { name: /^Draft/ }));
    await expect(w.getByRole('alert')).toHaveText(
      '“Council budget vote” was not moved to Draft. Only editors and admins may reopen, and you are a writer on the desk.',
    );
    await card(w, 'Draft', 'Ferry timetable').focus();
    await w.keyboard.press('Alt+ArrowRight');
    await expect(card(w, 'In review', 'Ferry timetable')).toBeVisible({ timeout: 20_000 });
    await card(w, 'In review', 'Ferry timetable').focus();
    await w.keyboard.press('Alt+ArrowRight');
    await expect(w.getByRole('alert')).toHaveText(
      '“Ferry timetable” was not moved to Approved. Only editors and admins may approve, and you are a writer on the desk.',
    );
    await expect(card(w, 'In review', 'Ferry timetable')).toBeVisible();
    expect((await writer.store.call('drafts.get', { id: vote.id })).id).toBe(vote.id);
    expect(ferry.id).toBeTruthy();
  });
});
