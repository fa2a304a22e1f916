import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { download, openLab, TINY, trainToEnd, waitForSavedRuns } from './labHelpers';

/*
 * Runs are kept: across reloads (IndexedDB), or in memory with a notice where storage is
 * unavailable; any of them can be overlaid and compared; files that are not runs or
 * configurations are refused without changing anything; export and import never lose a run.
 */

const NONE = `n=2;k=2,2;${TINY}`;
const RESIDUAL = `n=2;k=2,2;e=1-2;${TINY}`;

const openRuns = async (page: Page) => {
  await page.getByRole('button', { name: /Compare runs/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare runs' });
  await expect(dialog).toBeVisible();
  return dialog;
};

const rows = (page: Page) => page.getByTestId('runs-table').locator('tbody tr[data-run]');

async function trainTwo(page: Page) {
  await openLab(page, NONE);
  await trainToEnd(page, NONE);
  await trainToEnd(page, RESIDUAL);
}

test('runs survive a reload and can be overlaid and compared', async ({ page, lab }) => {
  await trainTwo(page);
  // The archive saves shortly after a run changes; give it that moment, then reload.
  await expect(page.getByRole('button', { name: /Compare runs 2/ })).toBeVisible();
  await waitForSavedRuns(page, 2);
  await lab.open(NONE);
  const dialog = await openRuns(page);
  await expect(dialog.getByTestId('runs-storage')).toContainText('saved in this browser');
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toContainText('O1+O2');
  await expect(rows(page).nth(0)).toContainText('saved');
  await expect(rows(page).nth(1)).toContainText('no residual');

  await expect(dialog.getByText(/Tick runs below/)).toBeVisible();
  await dialog.getByRole('checkbox', { name: /Compare O1\+O2/ }).check();
  await dialog.getByRole('checkbox', { name: /Compare no residual/ }).check();
  const compare = dialog.getByRole('region', { name: 'Overlay of the picked runs' });
  await expect(compare.locator('.legend-item')).toHaveCount(2);
  // One line per run in the loss overlay; Q1 of the run without a residual sits in the lane.
  await expect(compare.locator('svg[aria-label^="Smoothed"] path.trace')).toHaveCount(2);
  await expect(compare.locator('svg[aria-label^="Gradient norm of Q1"] rect.dead')).toHaveCount(1);
  await compare.getByRole('button', { name: 'H', exact: true }).click();
  await expect(compare.locator('svg[aria-label^="Gradient norm of H"] path.trace')).toHaveCount(2);

  // The final metrics: steps, loss, accuracies, a gradient norm per layer (0 where none).
  const none = rows(page).nth(1);
  await expect(none.locator('td.num').first()).toHaveText('4');
  await expect(none.locator('td.num.dead')).toHaveText('0');
});

test('clearing saved runs deletes them, also after a reload', async ({ page, lab }) => {
  await trainTwo(page);
  await waitForSavedRuns(page, 2);
  await lab.open(NONE);
  const dialog = await openRuns(page);
  await expect(rows(page)).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Clear saved runs' }).click();
  await dialog.getByRole('button', { name: 'Delete saved runs' }).click();
  await expect(rows(page)).toHaveCount(0);
  await expect(dialog.getByTestId('runs-status')).toHaveText('Saved runs cleared.');
  await lab.open(NONE);
  await openRuns(page);
  await expect(rows(page)).toHaveCount(0);
});

test('without IndexedDB, runs are kept in memory and a notice says so', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await trainTwo(page);
  await expect(page.getByTestId('run-archive-notice')).toContainText(
    'runs are kept only until this page is closed',
  );
  const dialog = await openRuns(page);
  await expect(dialog.getByTestId('runs-storage')).toContainText('kept in memory only');
  await expect(rows(page)).toHaveCount(2);
});

test('malformed, newer and huge files are refused and change nothing', async ({ page }) => {
  await trainTwo(page);
  const dialog = await openRuns(page);
  await expect(rows(page)).toHaveCount(2);
  const input = dialog.getByLabel('Import run or configuration file');
  const status = dialog.getByTestId('runs-status');
  const record = await page.evaluate(() => window.resqunnLab.metrics());
  const url = page.url();
  const cases: [string, Buffer, RegExp][] = [
    ['broken.json', Buffer.from('{"format": "resqunn-run", "steps": ['), /not valid JSON/],
    ['other.json', Buffer.from('{"hello": "world"}'), /neither a ResQuNN Lab run nor/],
    [
      'newer.json',
      Buffer.from(JSON.stringify({ ...record, version: 2 })),
      /newer version of ResQuNN Lab.*update the app/,
    ],
    [
      'newer-config.json',
      Buffer.from(JSON.stringify({ format: 'resqunn-config', version: 9, config: 'n=3' })),
      /newer version/,
    ],
    [
      'bad-config.json',
      Buffer.from(JSON.stringify({ format: 'resqunn-config', version: 1, config: 'n=2;e=5-9' })),
      /configuration is not valid/,
    ],
    ['huge.json', Buffer.alloc(21 * 1024 * 1024, 32), /more than the 20 MB/],
  ];
  for (const [name, buffer, message] of cases) {
    await input.setInputFiles({ name, mimeType: 'application/json', buffer });
    await expect(status).toHaveText(message);
    await expect(status).toContainText(`${name} was not imported`);
    await expect(status).toContainText('Nothing was changed.');
    await expect(rows(page)).toHaveCount(2);
  }
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('paper-name')).toHaveText('O1+O2');
});

test('a run exported as JSON comes back whole when imported', async ({ page, lab }) => {
  await trainTwo(page);
  const dialog = await openRuns(page);
  const exported = await download(page, () =>
    rows(page)
      .nth(0)
      .getByRole('button', { name: /Export O1\+O2/ })
      .click(),
  );
  await dialog.getByRole('button', { name: 'Clear saved runs' }).click();
  await dialog.getByRole('button', { name: 'Delete saved runs' }).click();
  await dialog.getByLabel('Import run or configuration file').setInputFiles({
    name: exported.name,
    mimeType: 'application/json',
    buffer: exported.bytes,
  });
  await expect(dialog.getByTestId('runs-status')).toHaveText(
    `Imported 1 run from ${exported.name}.`,
  );
  const imported = rows(page).filter({ hasText: 'imported' });
  await expect(imported).toHaveCount(1);
  // Imported runs are picked for comparison at once, and saved.
  await expect(imported.getByRole('checkbox')).toBeChecked();
  const again = await download(page, () =>
    imported.getByRole('button', { name: /Export O1\+O2/ }).click(),
  );
  expect(JSON.parse(again.text)).toEqual(JSON.parse(exported.text));
  // The imported run (its key starts with 'i') is saved before the reload.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            const open = indexedDB.open('resqunn-lab');
            open.onerror = () => resolve(false);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('runs')) return (resolve(false), db.close());
              const keys = db.transaction('runs').objectStore('runs').getAllKeys();
              keys.onsuccess = () => {
                resolve(keys.result.some((k) => String(k).startsWith('i')));
                db.close();
              };
              keys.onerror = () => resolve(false);
            };
          }),
      ),
    )
    .toBe(true);
  await lab.open(NONE);
  await openRuns(page);
  await expect(rows(page).filter({ hasText: 'imported' })).toHaveCount(1);
});

test('a configuration exported from the diagram is applied when imported', async ({
  page,
  lab,
}) => {
  const config = `n=2;k=2,2;e=0-2,1-2;${TINY}`;
  await lab.open(config);
  await page.getByRole('button', { name: 'Export architecture diagram', exact: true }).click();
  const file = await download(page, () =>
    page.getByRole('button', { name: 'Configuration JSON' }).click(),
  );
  expect(file.name).toBe('resqunn_config_n2-k2-2-e0-2-1-2-train32-test16-b8_seed1.json');
  await page.keyboard.press('Escape');
  await page.evaluate((c) => window.resqunnLab.configure(c), NONE);
  await expect(page.getByTestId('paper-name')).toHaveText('no residual');

  const dialog = await openRuns(page);
  await dialog.getByLabel('Import run or configuration file').setInputFiles({
    name: file.name,
    mimeType: 'application/json',
    buffer: file.bytes,
  });
  await expect(dialog.getByTestId('runs-status')).toContainText(`loaded from ${file.name}`);
  await expect(page.getByTestId('paper-name')).toHaveText('X+O1+O2');
  expect(new URL(page.url()).searchParams.get('c')).toBe(config);
});
