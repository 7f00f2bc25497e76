import { expect, test } from './harness';

test('a draft typed in Chromium is autosaved and survives a reload', async ({ app }) => {
  const { page, store } = app;
  await expect(page.getByText('No drafts yet')).toBeVisible();

  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Headline', { exact: true }).fill('Grid truce talks stall');
  await page.getByLabel('Body text').click();
  await page.keyboard.type('Mediators had hoped a narrow deal would open the door.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('## What comes next');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Nobody broke anything off.');
  await expect(page.getByText(/^Saved \d/)).toBeVisible();
  await app.screenshot('editor-after-autosave');

  const [row] = (await store.call('drafts.list', {})).rows;
  expect(row?.headline).toBe('Grid truce talks stall');
  const saved = await store.call('drafts.get', { id: row!.id });
  expect(saved.body.root.children.map((c) => c.type)).toEqual(['paragraph', 'heading', 'paragraph']);
  expect(saved.wordCount).toBe(17);

  await page.reload();
  await page.getByRole('option', { name: /Grid truce talks stall/ }).click();
  await expect(page.getByLabel('Headline', { exact: true })).toHaveValue('Grid truce talks stall');
  await expect(page.getByLabel('Body text')).toContainText('Mediators had hoped a narrow deal would open the door.');
  await expect(page.getByRole('heading', { name: 'What comes next' })).toBeVisible();
  await expect(page.locator('.cd-count')).toContainText('17 words');
});

test('pending edits are saved when the app asks before closing', async ({ app }) => {
  const { page, store } = app;
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  await page.keyboard.type('Last words before quitting');
  // No pause for the idle timer: the shell's flush request must save at once.
  await app.emit({ type: 'app.flush-requested', requestId: 7 });
  await expect.poll(async () => (await store.call('drafts.list', {})).rows[0]?.wordCount).toBe(4);
});

test('pending edits are sent when the page goes (a reload), without waiting for the idle timer', async ({ app }) => {
  const { page, store } = app;
  await page.clock.install();
  await page.reload();
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Body text').click();
  await page.keyboard.type('Words typed just before a reload');
  // Time stops, so the autosave's idle timer (1 s after the last key) cannot be what saves. A little ahead of the
  // page's clock, which runs on while this call travels: 1 ms ahead was already past on a loaded machine.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
  // The event the page gets as it unloads; the harness's transport drops calls made once the page is gone, Electron's IPC does not.
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
  await expect.poll(async () => (await store.call('drafts.list', {})).rows[0]?.wordCount).toBe(6);
});

test('the library finds a draft by a word of its body, with the hit marked', async ({ app }) => {
  const { page, store } = app;
  const created = await store.call('drafts.create', { headline: 'Pipeline probe' });
  await store.call('drafts.save', {
    id: created.id,
    expectedVersion: 1,
    body: {
      root: {
        type: 'root',
        children: [
          {
            type: 'paragraph',
            children: [{ type: 'text', text: 'Investigators examined the seabed near Bornholm.', format: 0 }],
          },
        ],
      },
    },
  });
  await page.reload();
  await page.getByLabel('Search drafts').fill('bornholm');
  await expect(page.locator('.cd-row-snippet mark')).toHaveText('Bornholm');
  await app.screenshot('library-search');
});
