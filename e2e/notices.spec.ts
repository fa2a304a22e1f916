import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { TINY } from './labHelpers';

/** Notices and status lines leave with their cause, and say what they say once. */

const TWO = `n=2;k=2,2;${TINY}`;
const status = (page: Page) => page.locator('.diagram-status');

test('"Configuration refused" is said once and leaves after a later success', async ({
  page,
  lab,
}) => {
  await lab.open(TWO);
  await page.evaluate(() => window.resqunnLab.configure('n=99'));
  const alert = page.getByRole('alert').filter({ hasText: 'Configuration refused' });
  await expect(alert).toHaveCount(1);
  const text = (await alert.textContent()) ?? '';
  expect(text.match(/Configuration refused/g)).toHaveLength(1);

  await page.evaluate((c) => window.resqunnLab.configure(c), `n=1;k=2;${TINY}`);
  await expect(alert).toHaveCount(0);
});

test('Escape cancels "Connecting from X…"', async ({ page, lab }) => {
  await lab.open(TWO);
  await page.getByRole('button', { name: 'Output of X' }).focus();
  await page.keyboard.press('Enter');
  await expect(status(page)).toContainText('Connecting from X');
  await page.keyboard.press('Escape');
  await expect(status(page)).not.toContainText('Connecting from');
  await expect(page.getByRole('button', { name: 'Output of X' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  // Escape with focus elsewhere in the diagram cancels too.
  await page.getByRole('button', { name: 'Output of X' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-merge="1"]').focus();
  await page.keyboard.press('Escape');
  await expect(status(page)).not.toContainText('Connecting from');
});

test('"Not added: duplicate edge" leaves once that edge is gone', async ({ page, lab }) => {
  await lab.open(`n=2;k=2,2;e=0-2;${TINY}`);
  await page.getByRole('button', { name: 'Output of X' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-merge="2"]').focus();
  await page.keyboard.press('Enter');
  await expect(status(page)).toContainText('Not added');
  // The edge goes by another way than the diagram (the API, the form, a link).
  await page.evaluate((c) => window.resqunnLab.configure(c), TWO);
  await expect(page.getByTestId('paper-name')).toHaveText('no residual');
  await expect(status(page)).not.toContainText('Not added');
});
