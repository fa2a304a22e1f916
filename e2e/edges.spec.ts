import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { arcMiddle, screenshotPath, TINY } from './labHelpers';

/**
 * Removing a residual connection is visible before it is done: hovering an arc highlights it and
 * shows its ×; the × removes it; a click picks it and Delete then removes it. A finished run says
 * how to train again.
 */

const ONE_EDGE = `n=2;k=2,2;e=0-2;${TINY}`;

const settle = (page: Page) => page.waitForFunction(() => document.getAnimations().length === 0);

const opacity = (page: Page, selector: string) =>
  page.locator(selector).evaluate((e) => Number(getComputedStyle(e).opacity));

test('hovering an arc highlights it and shows its ×, which removes it', async ({ page, lab }) => {
  await lab.open(ONE_EDGE);
  await settle(page);
  const remove = page.getByRole('button', { name: 'Remove X+O2 (0-2)' });
  expect(await opacity(page, '[data-remove="0-2"]')).toBe(0);
  expect(await opacity(page, '.arc .arc-halo')).toBe(0);

  const middle = await arcMiddle(page, '0-2');
  await page.mouse.move(middle.x, middle.y);
  await expect.poll(() => opacity(page, '[data-remove="0-2"]')).toBe(1);
  expect(await opacity(page, '.arc .arc-halo')).toBeGreaterThan(0);
  await page.locator('.diagram-panel').screenshot({ path: screenshotPath('edge-hover.png') });

  await remove.hover();
  await remove.click();
  await expect(page.getByTestId('paper-name')).toHaveText('no residual');
  await expect(page.locator('.diagram-status')).toHaveText('Removed X+O2 (0-2).');
});

test('a click picks an arc, and Delete then removes it', async ({ page, lab }) => {
  await lab.open(ONE_EDGE);
  await settle(page);
  const middle = await arcMiddle(page, '0-2');
  await page.mouse.click(middle.x, middle.y);
  await expect(page.locator('.arc.selected')).toHaveCount(1);
  // Picked, its × stays shown after the pointer leaves.
  await page.mouse.move(5, 5);
  await expect.poll(() => opacity(page, '[data-remove="0-2"]')).toBe(1);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('paper-name')).toHaveText('no residual');
});

test('a finished run says how to train again', async ({ page, lab }) => {
  await lab.open(`n=1;k=2;${TINY}`);
  await lab.train(`n=1;k=2;${TINY}`);
  await expect(page.getByText('Done — ↺ to train again')).toBeVisible();
});
