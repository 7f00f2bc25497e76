/// <reference lib="dom" />
import type { Locator, Page } from '@playwright/test';
import { createFixtureDraft } from '../support/fixtures';
import { validated } from '../support/store';
import { expect, test } from './harness';

/**
 * Issue #15, "Layout": from the minimum window (720 px, src/main/shell/window.ts)
 * up, the desk fits the window. Panes give way in order: the library narrows
 * first, then the side pane becomes a drawer behind "Show fields". Each width
 * leaves a screenshot under test-results/screens to be looked at.
 */

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const LONG_HEADLINE =
  'Ministers agree a timetable for the ceasefire talks, the prisoner exchanges and the reopening of the border crossings';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  expect(found, 'element has a box').not.toBeNull();
  return found!;
}

async function noSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect.soft(scrollWidth, `${where}: the window scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

for (const width of [720, 1024, 1280]) {
  test(`at ${width} px the desk fits the window`, async ({ app }) => {
    const { page, store } = app;
    const handlers = validated(store);
    await createFixtureDraft(handlers, 'diplomacy-watch');
    await handlers['drafts.create']({
      headline: LONG_HEADLINE,
      byline: ['Amira Haddad'],
      section: 'World',
      tags: ['diplomacy'],
    });
    await page.setViewportSize({ width, height: 800 });
    await page.reload();
    const drafts = page.getByRole('listbox', { name: 'Drafts' });

    // A headline that wraps still leaves its row's status line in sight.
    const longRow = drafts.getByRole('option').filter({ hasText: 'Ministers agree' });
    const headline = await box(longRow.locator('.cd-row-headline'));
    expect.soft(headline.height, 'the long headline wraps').toBeGreaterThan(25);
    const rowBox = await box(longRow);
    const meta = await box(longRow.locator('.cd-row-meta'));
    expect.soft(meta.y + meta.height, 'the status line is cut off').toBeLessThanOrEqual(rowBox.y + rowBox.height);

    // The library's menus show their chosen option whole (the sort menu read "Last edite").
    for (const name of ['Filter by tag', 'Filter by section', 'Sort by']) {
      const clipped = await page.getByLabel(name).evaluate((el) => {
        const select = el as HTMLSelectElement;
        // A select's scrollWidth does not count its text: measure the chosen option's text in the select's font.
        const style = getComputedStyle(select);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = ctx.measureText(select.selectedOptions[0]!.text).width;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
        return {
          text,
          room,
          scrollWidth: select.scrollWidth,
          clientWidth: select.clientWidth,
        };
      });
      expect.soft(clipped.scrollWidth).toBeLessThanOrEqual(clipped.clientWidth);
      expect.soft(clipped.text, `"${name}" clips its text`).toBeLessThanOrEqual(clipped.room);
    }

    await drafts.getByRole('option').filter({ hasText: 'Diplomacy Watch' }).click();
    const body = page.getByRole('textbox', { name: 'Body text' });
    await expect(body).toContainText('Since the cross-border offensive');
    await noSidewaysScroll(page, 'with the piece open');

    // The library's export menu stays in the library.
    const exportMenu = page.getByLabel('Export the pieces shown into a folder');
    const library = await box(page.locator('.cd-library'));
    const exportBox = await box(exportMenu);
    expect
      .soft(exportBox.x + exportBox.width, '"Export shown…" spills out of the library')
      .toBeLessThanOrEqual(library.x + library.width);
    const bodyBox = await box(body);
    expect.soft(overlaps(exportBox, bodyBox), '"Export shown…" overlaps the body').toBe(false);

    // The body keeps a writable measure and is not covered.
    expect.soft(bodyBox.width, 'the body is too narrow').toBeGreaterThanOrEqual(320);
    expect.soft(bodyBox.x + bodyBox.width, 'the body runs off the window').toBeLessThanOrEqual(width);
    const sidePane = page.getByRole('tablist', { name: 'Side pane' });
    if (await sidePane.isVisible()) {
      expect.soft(overlaps(await box(sidePane), bodyBox), 'the side pane covers the body').toBe(false);
    } else {
      // Collapsed: a visible control opens it.
      await page.getByRole('button', { name: 'Show fields' }).click();
      await expect(sidePane).toBeVisible();
    }
    const pane = await box(sidePane);
    expect.soft(pane.x, 'the side pane starts off the window').toBeGreaterThanOrEqual(0);
    expect.soft(pane.x + pane.width, 'the side pane is clipped').toBeLessThanOrEqual(width);
    await noSidewaysScroll(page, 'with the side pane open');
    await app.screenshot(`layout-${width}-fields`);

    // History: a long diff scrolls inside its pane instead of growing the window.
    await sidePane.getByRole('tab', { name: 'History' }).click();
    // Where a writer would click: the drawer may cover the body's right-hand part, never its start.
    await body.click({ position: { x: 10, y: 10 } });
    await page.keyboard.press(`${mod}+s`);
    const versions = page.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem');
    await expect(versions).toHaveCount(1);
    await page.keyboard.press(`${mod}+a`);
    await page.keyboard.type('One short line.');
    await page.keyboard.press(`${mod}+s`);
    await expect(versions).toHaveCount(2);
    await versions.nth(1).getByRole('button').click();
    const detail = page.locator('.cd-rev-detail');
    await detail.getByLabel('Compare with').selectOption({ index: 1 });
    await expect(detail.getByRole('heading', { name: 'Changes between two versions' })).toBeVisible();
    await expect(detail.locator('.cd-diff-body del').first()).toBeVisible();
    const heights = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      innerHeight: window.innerHeight,
    }));
    expect.soft(heights.scrollHeight, 'the History diff grows the window').toBeLessThanOrEqual(heights.innerHeight);
    await noSidewaysScroll(page, 'with the History diff');
    await app.screenshot(`layout-${width}-history`);
  });
}
