import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { TINY } from './labHelpers';

/** Closing a dialog or a popover hands focus back to the button that opened it. */

const focusedName = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return e ? (e.getAttribute('aria-label') ?? e.textContent?.trim() ?? e.tagName) : null;
  });

test('the Compare runs dialog gives focus back to its button, by Escape and by Close', async ({
  page,
  lab,
}) => {
  await lab.open(`n=1;k=2;${TINY}`);
  const button = page.getByRole('button', { name: /Compare runs/ });
  const dialog = page.getByRole('dialog', { name: 'Compare runs' });
  await button.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();

  await button.click();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();
});

test('an export popover gives focus back to its button on Escape', async ({ page, lab }) => {
  await lab.open(`n=1;k=2;${TINY}`);
  const toggle = page.getByRole('button', { name: 'Export gradient chart' });
  await toggle.click();
  const popover = page.getByRole('group', { name: 'Export gradient chart' });
  await expect(popover).toBeVisible();
  // Focus inside the popover, then Escape.
  await popover.getByRole('button', { name: 'SVG', exact: true }).focus();
  await page.keyboard.press('Escape');
  await expect(popover).toHaveCount(0);
  await expect(toggle).toBeFocused();
  expect(await focusedName(page)).toBe('Export gradient chart');
});
