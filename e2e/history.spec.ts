import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { TINY } from './labHelpers';

/*
 * The browser's history as the page's undo (state/pageHistory.ts): an edge, a circuit family, a
 * tab and a tour step each add an entry; Back and Forward put the page back; the tab and the
 * tour step are in the address; closing the tour restores the shared link's configuration.
 */

const SHARED = `n=2;k=2,2;${TINY}`;

const code = (page: Page) => page.evaluate(() => window.resqunnLab.metrics()?.config ?? '');
const address = (page: Page) => page.evaluate(() => window.location.search);
const historyLength = (page: Page) => page.evaluate(() => window.history.length);

/** Waits until the engine's run is of `config` (Back and Forward reconfigure it). */
const runOf = (page: Page, config: RegExp) =>
  page.waitForFunction(
    (source) => new RegExp(source).test(window.resqunnLab.metrics()?.config ?? ''),
    config.source,
  );

test('an edge and a family are entries: Back undoes them one by one, Forward redoes', async ({
  page,
  lab,
}) => {
  await lab.open(SHARED);
  const start = await historyLength(page);
  await page.getByLabel('Connection from').selectOption('1');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect.poll(() => address(page)).toContain('e=1-2');
  await page.getByLabel('Q2 circuit family').selectOption('basic');
  await expect.poll(() => address(page)).toMatch(/a=[a-z]+,basic/);
  expect(await historyLength(page)).toBe(start + 2);

  await page.goBack();
  await expect.poll(() => address(page)).not.toMatch(/a=[a-z]+,basic/);
  expect(await address(page)).toContain('e=1-2');
  await runOf(page, /e=1-2/);
  await expect(page.getByLabel('Q2 circuit family')).not.toHaveValue('basic');

  await page.goBack();
  await expect.poll(() => address(page)).not.toContain('e=1-2');
  await expect(page.locator('.paper-name')).toHaveText('no residual');
  await runOf(page, /^(?!.*e=).*$/);

  await page.goForward();
  await expect.poll(() => address(page)).toContain('e=1-2');
  await runOf(page, /e=1-2/);
  // Still this page: Back never left the app.
  expect(await code(page)).toContain('n=2');
});

test('the tab is in the address, and Back/Forward switch it', async ({ page, lab }) => {
  await lab.open(SHARED);
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect.poll(() => address(page)).toContain('view=explore');
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Single run' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  expect(await address(page)).not.toContain('view=');
  await page.goForward();
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
  // A link with the tab opens on it.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
});

test('tour steps are entries; closing the tour restores the shared link’s setup', async ({
  page,
  lab,
}) => {
  const shared = `n=2;k=2,2;e=1-2;${TINY}`;
  await lab.open(shared);
  const before = await address(page);
  await page.getByRole('button', { name: 'Guided tour' }).click();
  await expect.poll(() => address(page)).toContain('tour=1');
  await runOf(page, /^n=1;/);
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect.poll(() => address(page)).toContain('tour=2');
  await runOf(page, /^n=2;k=2,2;train=160/);

  await page.goBack();
  await expect(page.getByRole('heading', { name: 'What a quanvolution is' })).toBeVisible();
  expect(await address(page)).toContain('tour=1');
  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Stacking trainable layers' })).toBeVisible();

  await page.getByRole('button', { name: 'Close the tour' }).click();
  await expect(page.locator('.tour-card')).toHaveCount(0);
  await expect.poll(() => address(page)).toBe(before);
  await runOf(page, /e=1-2;train=32/);
  // Back from the closed tour reopens its last step.
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Stacking trainable layers' })).toBeVisible();
});
