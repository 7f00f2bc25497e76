import { expect, test } from './harness';

test('the fields pane shows a piece’s own dates and saves an edit once it reads as a date', async ({ app }) => {
  const { page, store } = app;
  const draft = await store.call('drafts.create', {
    headline: 'Grain deal collapses',
    datePublished: '2024-03-05 10:00:00 +0100',
  });
  await page.reload();
  await page.getByRole('option', { name: /Grain deal collapses/ }).click();
  const published = page.getByLabel('Published', { exact: true });
  const updated = page.getByLabel('Updated', { exact: true });
  await expect(published).toHaveValue('2024-03-05T10:00:00+01:00');
  await expect(updated).toHaveValue('');

  // Not a date yet: flagged, held back from the save, the rest still saved.
  await updated.fill('7 March');
  await expect(updated).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Write a date as YYYY-MM-DD/)).toBeVisible();
  await page.getByLabel('Headline', { exact: true }).fill('Grain deal collapses again');
  await expect
    .poll(async () => (await store.call('drafts.get', { id: draft.id })).headline)
    .toBe('Grain deal collapses again');
  expect((await store.call('drafts.get', { id: draft.id })).dateModified).toBe('');

  await updated.fill('2024-03-07');
  await expect(updated).toHaveAttribute('aria-invalid', 'false');
  await expect.poll(async () => (await store.call('drafts.get', { id: draft.id })).dateModified).toBe('2024-03-07');
  await published.fill('');
  await expect.poll(async () => (await store.call('drafts.get', { id: draft.id })).datePublished).toBe('');
});
