import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { download, parseSvg, TINY } from './labHelpers';

/*
 * The Explore view: a 2-layer × 2-seed sweep on the page's own training workers fills all eight
 * rows with prediction = measurement, the API returns the same rows, bad options are refused
 * with the plan's words, and a click on a row opens it in the single-run view.
 */

const SMALL = { layers: 2, seeds: 2, steps: 2, batch: 8, test: 16 };

test('a 2-layer × 2-seed sweep: 8 rows, predicted = observed, a row opens in the single-run view', async ({
  page,
  lab,
}) => {
  await lab.open(`n=2;k=2,2;${TINY}`);
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByRole('heading', { name: /Explore every configuration/ })).toBeVisible();

  const refused = await page.evaluate(() =>
    window.resqunnLab.sweep({ layers: 9 }).then(
      () => 'resolved',
      (e: Error) => e.message,
    ),
  );
  expect(refused).toMatch(/layers must be a whole number from 1 to 4 \(got 9\)/);
  await expect(page.getByRole('alert')).toContainText('layers must be a whole number');

  const rows = await page.evaluate((o) => window.resqunnLab.sweep(o), SMALL);
  expect(rows).toHaveLength(8);
  for (const r of rows) {
    expect(r.seeds).toEqual([1, 2]);
    expect(r.testAccuracy.values).toHaveLength(2);
    expect(r.measuredAccess).toEqual(r.predicted);
    expect(Object.keys(r.firstStepGradNorm)).toEqual(['Q1', 'Q2', 'H']);
  }
  expect(rows.filter((r) => r.measuredAccess.Q1 === true).map((r) => r.edges)).toEqual([
    '1-2',
    '0-1,1-2',
    '0-2,1-2',
    '0-1,0-2,1-2',
  ]);

  const grid = page.getByTestId('explore-row');
  await expect(grid).toHaveCount(8);
  await expect(page.locator('[data-testid="explore-row"][data-agree="true"]')).toHaveCount(8);
  await expect(page.getByTestId('explore-progress')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('explore-summary')).toContainText('gradient in every layer');
  await page.screenshot({ path: 'test-results/explore.png', fullPage: true });

  // The results export through the export menu: a figure (SVG, PNG) and the rows (CSV, JSON).
  await page.getByRole('button', { name: 'Export sweep results', exact: true }).click();
  const menu = page.locator('[data-export-menu="sweep"]');
  const svg = await download(page, () =>
    menu.getByRole('button', { name: 'SVG', exact: true }).click(),
  );
  expect(svg.name).toBe('resqunn_sweep_n2_8x2.svg');
  expect((await parseSvg(page, svg.text)).error).toBeNull();
  expect(svg.text.match(/data-full="true"/g)).toHaveLength(4);
  expect(svg.text.match(/data-full="false"/g)).toHaveLength(4);
  expect(svg.text).toContain('final test accuracy');
  if (process.env.SWEEP_FIGURE) writeFileSync(process.env.SWEEP_FIGURE, svg.text);
  expect(svg.text).toMatch(
    /<desc>Mean test accuracy, gradient in every layer \(4 configurations\)/,
  );
  const png = await download(page, () =>
    menu.getByRole('button', { name: 'PNG 2×', exact: true }).click(),
  );
  expect(png.name).toBe('resqunn_sweep_n2_8x2_2x.png');
  const csv = await download(page, () =>
    menu.getByRole('button', { name: 'Sweep CSV', exact: true }).click(),
  );
  expect(csv.text.trim().split('\n')).toHaveLength(1 + 8);
  const json = await download(page, () =>
    menu.getByRole('button', { name: 'Sweep JSON', exact: true }).click(),
  );
  expect(JSON.parse(json.text)).toEqual(rows);
  await page.keyboard.press('Escape');

  await page.locator('[data-testid="explore-row"][data-edges="0-1,1-2"]').click();
  await expect(page.getByRole('tab', { name: 'Single run' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.waitForFunction(() => window.resqunnLab.metrics()?.config.includes('e=0-1,1-2'));
  expect(new URL(page.url()).search).toContain('e=0-1,1-2');
});

test('the form runs a sweep with benchmark rows; pause and resume', async ({ page, lab }) => {
  await lab.open(`n=2;k=2,2;${TINY}`);
  await page.getByRole('tab', { name: 'Explore' }).click();
  // The form starts from a new experiment's circuit, the default (basic, L = 3).
  await expect(page.getByLabel('Depth', { exact: true })).toHaveValue('3');
  await page.getByLabel('Layers', { exact: true }).selectOption('1');
  // Enough steps that the sweep is still running when Pause is clicked (2 steps a run could
  // finish first on a quiet machine, and the Pause button was gone).
  await page.getByLabel('Steps', { exact: true }).fill('40');
  await page.getByLabel('Seeds', { exact: true }).fill('2');
  await page.getByLabel('Test', { exact: true }).fill('16');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  const progress = page.getByTestId('explore-progress');
  await expect(progress).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(progress).toHaveAttribute('data-status', 'paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  // 2 edge sets of 1 layer and the two benchmark models, pinned as reference rows.
  await expect(page.getByTestId('explore-row')).toHaveCount(4);
  await expect(page.locator('.sweep-reference')).toHaveCount(2);
  await expect(progress).toContainText('8 / 8 runs');
  // Every row's configuration names its circuit: without a= and d= it would mean ryrz, L = 1.
  const configs = await page
    .getByTestId('explore-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-config')));
  expect(configs).toHaveLength(4);
  for (const config of configs) expect(config).toMatch(/^n=1;k=2;d=3;a=basic(;|$)/);
});
