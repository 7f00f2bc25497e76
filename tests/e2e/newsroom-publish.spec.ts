import type { Locator, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { paragraphNode, textNode } from '../../src/common/lexical/nodes';
import type { DeskServerOptions } from '../../src/server/deskServer';
import { sealSecret } from '../../src/server/secretBox';
import type { SqliteDocumentStore } from '../../src/server/sqliteStore';
import { WORDPRESS, wpGet, type WordPressServer } from '../support/cms';
import { expect, needOrSkip, test, type Harness, type OpenMachine } from './harness';
import { join, LIVE, nav, withDesk } from './newsroom';

/**
 * What a newsroom decides on its desk, seen from two computers (a writer's and
 * an editor's, each with its own store) on the real desk server, driven through
 * the screens as people would (#14): the editor changes the newsroom's check
 * rules and renames a tag on every shared piece, and the writer's machine
 * follows; the editor publishes an approved piece to WordPress with the
 * desk's own target (its password sealed on the server), and the writer sees
 * the piece published and is told the post's address.
 */

const piece = (headline: string, text: string) => ({
  headline,
  dek: 'What the council decided',
  section: 'Local',
  tags: ['transport'],
  byline: ['Wendy Writer'],
  body: { root: { type: 'root' as const, version: 1, children: [paragraphNode([textNode(text)])] } },
});

interface Newsroom {
  url: string;
  writer: Harness;
  editor: Harness;
}

/** A desk server with a writer and an editor, both computers joined to it; stopped when `run` ends. */
async function newsroom(
  machine: OpenMachine,
  prepare: (store: SqliteDocumentStore) => Promise<Partial<DeskServerOptions>>,
  run: (room: Newsroom) => Promise<void>,
): Promise<void> {
  await withDesk(
    'copydesk-e2e-desk-publish-',
    async ({ url, writerToken, editorToken }) => {
      const writer = await machine(LIVE);
      const editor = await machine(LIVE);
      await join(writer, url, writerToken);
      await join(editor, url, editorToken);
      await run({ url, writer, editor });
    },
    prepare,
  );
}

/** Opens a piece from the library of the Write view. */
async function openFromLibrary(page: Page, headline: string): Promise<void> {
  await nav(page, 'Write');
  await page.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: headline }).click();
  await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(headline);
}

async function shareOpenPiece(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Share with the desk' }).click();
  await expect(page.getByText('Shared with the desk', { exact: true })).toBeVisible({ timeout: 20_000 });
}

/** The element is drawn wholly inside the container (not pushed past its edge, where it would be cut off). */
async function expectInside(element: Locator, container: Locator): Promise<void> {
  const [inner, outer] = await Promise.all([element.boundingBox(), container.boundingBox()]);
  expect(inner && outer).toBeTruthy();
  expect(inner!.x).toBeGreaterThanOrEqual(outer!.x);
  expect(inner!.y).toBeGreaterThanOrEqual(outer!.y);
  expect(inner!.x + inner!.width).toBeLessThanOrEqual(outer!.x + outer!.width);
  expect(inner!.y + inner!.height).toBeLessThanOrEqual(outer!.y + outer!.height);
}

/** The open piece's side pane, on the tab named. */
async function sideTab(page: Page, tab: RegExp): Promise<void> {
  if (await page.getByRole('button', { name: 'Show fields' }).isVisible())
    await page.getByRole('button', { name: 'Show fields' }).click();
  await page.getByRole('tablist', { name: 'Side pane' }).getByRole('tab', { name: tab }).click();
}

test('an editor changes the newsroom’s check rules and renames a tag on the desk; the writer’s machine follows', async ({
  machine,
}) => {
  test.setTimeout(240_000);
  await newsroom(
    machine,
    async () => ({}),
    async ({ writer, editor }) => {
      const w = writer.page;
      const e = editor.page;
      const headline = 'Council widens the ring road';
      await writer.store.call('drafts.create', piece(headline, 'Work starts in spring.'));
      await openFromLibrary(w, headline);
      await shareOpenPiece(w);

      // The editor makes a missing top image a warning for the whole newsroom.
      await e.getByRole('button', { name: 'Check rules' }).click();
      const rules = e.getByRole('form', { name: 'Pre-publish check' });
      await expect(e.getByText('saving them here changes them for everyone')).toBeVisible({ timeout: 20_000 });
      await expect(rules.getByRole('combobox', { name: 'No top image' })).toHaveValue('error');
      await rules.getByRole('combobox', { name: 'No top image' }).selectOption('warning');
      await rules.getByRole('button', { name: 'Save the rules' }).click();
      await expect(e.locator('.cd-settings-status')).toContainText('The check rules are saved');

      // The writer sees the newsroom's rules, the editor's change among them, and may not change them.
      await w.getByRole('button', { name: 'Check rules' }).click();
      await expect(
        w.getByText('These are the newsroom’s rules, kept on the desk; only its editors change them.'),
      ).toBeVisible({ timeout: 20_000 });
      const seen = w.getByRole('form', { name: 'Pre-publish check' });
      await expect(seen.getByRole('combobox', { name: 'No top image' })).toHaveValue('warning', { timeout: 20_000 });
      await expect(seen.getByRole('combobox', { name: 'No top image' })).toBeDisabled();
      await expect(seen.getByLabel('Headline limit (characters)')).toBeDisabled();
      await expect(seen.getByRole('button', { name: 'Save the rules' })).toBeDisabled();
      await writer.screenshot('desk-check-rules-writer');
      // … and the open piece is checked by them.
      await openFromLibrary(w, headline);
      await sideTab(w, /^Review/);
      const check = w.locator('.cd-check');
      await expect(check.locator('.cd-check-item.is-warning')).toContainText(['The piece has no top image.']);

      // The editor renames the tag on every shared piece: the desk first says which.
      await nav(e, 'Tags');
      const desk = e.getByRole('region', { name: 'On the desk' });
      await desk.getByLabel('Rename a').selectOption('tag');
      await desk.getByLabel('Desk tag to rename').fill('transport');
      await desk.getByLabel('New name on the desk').fill('roads');
      await desk.getByRole('button', { name: 'Show the pieces' }).click();
      const found = desk.getByRole('alert');
      await expect(found).toContainText('“transport” is on 1 shared piece:', { timeout: 20_000 });
      await expect(found.getByRole('listitem')).toHaveText([headline]);
      await editor.screenshot('desk-vocabulary-count');
      await found.getByRole('button', { name: 'Rename on 1 shared piece' }).click();
      await expect(desk.getByRole('status')).toHaveText('Renamed the tag “transport” to “roads” on 1 shared piece.', {
        timeout: 20_000,
      });

      // The writer's piece now carries the new tag.
      await sideTab(w, /^Fields/);
      const tags = w.getByRole('group', { name: 'Tags', exact: true });
      await expect(tags.getByRole('button', { name: 'Remove roads' })).toBeVisible({ timeout: 20_000 });
      await expect(tags.getByRole('button', { name: 'Remove transport' })).toHaveCount(0);
    },
  );
});

test('an editor publishes an approved piece from the desk; the writer sees it published and is told where', async ({
  machine,
}) => {
  test.setTimeout(240_000);
  const wordpress: WordPressServer = await needOrSkip(WORDPRESS);
  const key = randomBytes(32);
  await newsroom(
    machine,
    async (store) => {
      await store.publishing.saveTarget(
        { name: 'Main site', kind: 'wordpress', url: wordpress.url, user: wordpress.user, options: {} },
        sealSecret(key, wordpress.appPassword),
      );
      return { secretKey: key, publishPollMs: 200 };
    },
    async ({ writer, editor }) => {
      const w = writer.page;
      const e = editor.page;
      // A new headline each run: the post is found on WordPress by it.
      const headline = `Tram line opens ${randomBytes(4).toString('hex')}`;
      await writer.store.call('drafts.create', piece(headline, 'The first tram left at six.'));
      await openFromLibrary(w, headline);
      await shareOpenPiece(w);
      await sideTab(w, /^Review/);
      await w.getByRole('group', { name: 'Desk actions' }).getByRole('button', { name: 'Submit for review' }).click();
      await expect(w.getByText('Status on the desk:')).toContainText('In review', { timeout: 20_000 });

      // A writer does not publish a shared piece: the dialog says who does.
      await w.getByRole('button', { name: 'Publish…' }).first().click();
      const writerDialog = w.getByRole('dialog', { name: 'Publish this piece' });
      await expect(writerDialog.getByRole('region', { name: 'From the desk' })).toContainText(
        'Only the desk’s editors publish shared pieces',
      );
      await expect(writerDialog.getByRole('button', { name: 'Publish from the desk' })).toHaveCount(0);
      // Nor from this computer: no target of its own is offered, nor is the writer asked to set one up.
      await expect(writerDialog.getByRole('heading', { name: 'From this computer' })).toHaveCount(0);
      await expect(writerDialog.getByText('No publish targets yet.')).toHaveCount(0);
      await expect(writerDialog.getByRole('button', { name: /^Set up WordPress/ })).toHaveCount(0);
      await writer.screenshot('desk-publish-writer');
      await writerDialog.getByRole('button', { name: 'Close the publish dialog' }).click();
      await expect(writerDialog).toBeHidden();

      // The editor takes the piece from the Team desk and approves it (no top image: over the check, with a reason).
      await nav(e, 'Desk');
      const team = e.getByRole('group', { name: 'Which desk' }).getByRole('button', { name: 'Team desk' });
      if ((await team.getAttribute('aria-pressed')) !== 'true') await team.click();
      const card = e.getByRole('region', { name: /^In review/ }).getByRole('listitem', { name: headline });
      await expect(card).toBeVisible({ timeout: 20_000 });
      await card.getByRole('button', { name: 'Take and open' }).click();
      await expect(e.getByRole('textbox', { name: 'Headline' })).toHaveValue(headline, { timeout: 20_000 });
      await sideTab(e, /^Review/);
      await e.getByRole('group', { name: 'Desk actions' }).getByRole('button', { name: 'Approve' }).click();
      const refusal = e.getByRole('group', { name: 'The desk’s check found problems' });
      await expect(refusal).toContainText('The piece has no top image.', { timeout: 20_000 });
      await refusal.getByLabel('Reason to approve anyway').fill('The photo desk adds it on the site');
      await refusal.getByRole('button', { name: 'Approve anyway' }).click();
      await expect(e.getByText('Status on the desk:')).toContainText('Approved', { timeout: 20_000 });
      // The approval given, its earlier refusal is not left waiting to be read.
      await expect(e.getByRole('list', { name: 'Requests not done yet' })).toHaveCount(0);

      // The editor publishes it live with the desk's target.
      await e.getByRole('button', { name: 'Publish…' }).first().click();
      const dialog = e.getByRole('dialog', { name: 'Publish this piece' });
      const fromDesk = dialog.getByRole('region', { name: 'From the desk' });
      await expect(fromDesk.getByLabel('Desk target')).toContainText('Main site (wordpress)', { timeout: 20_000 });
      await fromDesk.getByLabel('Desk target').selectOption('Main site');
      await fromDesk.getByLabel('How, from the desk').selectOption('Live');
      // This computer's own targets are a second way, for an editor, under their own heading.
      await expect(dialog.getByRole('heading', { name: 'From this computer' })).toBeVisible();
      const publishButton = fromDesk.getByRole('button', { name: 'Publish from the desk' });
      await expectInside(publishButton, dialog);
      await publishButton.click();
      const jobs = fromDesk.getByRole('list', { name: 'Publishing from the desk' });
      await expect(jobs.getByRole('listitem')).toHaveCount(1, { timeout: 20_000 });
      await expect(jobs.getByRole('listitem')).toContainText('Published to Main site, live by Ed.', {
        timeout: 60_000,
      });
      const link = jobs.getByRole('link');
      await expect(link).toHaveAttribute('href', new RegExp(`^${wordpress.url}/`));
      const postUrl = (await link.getAttribute('href'))!;
      await expect(link).toHaveText(postUrl);
      await editor.screenshot('desk-publish-done');

      // The post is on WordPress, live.
      const posts = await wpGet<Array<{ link: string; status: string; title: { rendered: string } }>>(
        wordpress,
        `posts?search=${encodeURIComponent(headline)}&status=publish`,
      );
      expect(posts.map((p) => [p.title.rendered, p.link])).toEqual([[headline, postUrl]]);

      // The writer's machine: the piece is published, with the address, and the writer is told.
      await expect(w.getByText('Status on the desk:')).toContainText('Published', { timeout: 20_000 });
      await expect(w.getByText('Published on the desk', { exact: true })).toBeVisible();
      await expect(
        w.getByRole('listbox', { name: 'Drafts' }).getByRole('option').filter({ hasText: headline }),
      ).toContainText('Published', { timeout: 20_000 });
      await w.getByRole('button', { name: 'Publish…' }).first().click();
      await expect(
        writerDialog.getByRole('list', { name: 'Publishing from the desk' }).getByRole('link', { name: postUrl }),
      ).toBeVisible({ timeout: 20_000 });
      await writerDialog.getByRole('button', { name: 'Close the publish dialog' }).click();
      const bell = w.getByRole('button', { name: /^Notifications, \d+ unread$/ });
      await expect(bell).toBeVisible({ timeout: 20_000 });
      await bell.click();
      const told = w
        .getByRole('dialog', { name: 'Notifications' })
        .getByRole('listitem')
        .filter({ hasText: `“${headline}” was published by Ed: ${postUrl}` });
      await expect(told).toBeVisible({ timeout: 20_000 });
      await w.keyboard.press('Escape');
    },
  );
});
