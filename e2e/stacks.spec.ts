import { expect, test } from './fixtures';
import { download, dropDatasetFiles, openLab, parseSvg, storedDatasetId, TINY } from './labHelpers';
import { idxSet } from '../src/data/formats/testing/fixtures';

/*
 * The Trainability view's deep-stack panel: a small study fills one median curve with its IQR
 * band per stack, exports its figure and data, keeps its settings in the link, refuses bad input
 * before any work, and an Explore row opens it on that row's configuration.
 */

test('a small stack study: curves fill in, export works, the link round-trips, bad input is refused', async ({
  page,
  lab,
}) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Trainability' }).click();
  await page.getByRole('button', { name: 'Deep residual stacks' }).click();
  const panel = page.getByTestId('stacks-panel');
  await expect(panel.getByRole('heading', { name: /Deep residual stacks/ })).toBeVisible();
  await panel.getByLabel('Layers n (2–8)').fill('5');
  await panel.getByLabel('Your edges').fill('2-5');
  await panel.getByLabel('Initialisations K').fill('4');
  await panel.getByLabel('Batch').fill('2');
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByTestId('stacks-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(progress).toContainText('done: 4 initialisations per stack');

  const figure = page.locator('[data-figure="trainability-stacks"]');
  await expect(figure.locator('.series')).toHaveCount(3);
  await expect(figure.locator('path.band')).toHaveCount(3);
  // a median per layer and stack: 3 × 5 points
  await expect(figure.locator('circle.point')).toHaveCount(15);
  await expect(figure.locator('.legend-text')).toHaveText([
    'chained, no edges',
    'every layer to the head',
    'yours (2-5)',
  ]);
  await page.screenshot({ path: 'test-results/stacks.png', fullPage: true });

  await page.getByRole('button', { name: /^Export Gradient norm per layer/ }).click();
  const menu = page.locator('[data-export-menu="trainability-stacks"]');
  const svg = await download(page, () =>
    menu.getByRole('button', { name: 'SVG', exact: true }).click(),
  );
  expect(svg.name).toMatch(/^resqunn_stacks_L-5-K-4-.*\.svg$/);
  expect((await parseSvg(page, svg.text)).error).toBeNull();
  expect(svg.text.match(/class="point"/g)).toHaveLength(15);
  const png = await download(page, () =>
    menu.getByRole('button', { name: 'PNG 2×', exact: true }).click(),
  );
  expect(png.name).toMatch(/_2x\.png$/);
  const csv = await download(page, () =>
    menu.getByRole('button', { name: 'CSV', exact: true }).click(),
  );
  const lines = csv.text.trim().split('\n');
  expect(lines[0]).toBe('stack,label,edges,layer,samples,median,q1,q3,dataset');
  for (const line of lines.slice(1)) expect(line.endsWith(',mnist')).toBe(true);
  expect(lines).toHaveLength(1 + 15);
  const json = await download(page, () =>
    menu.getByRole('button', { name: 'JSON', exact: true }).click(),
  );
  const parsed = JSON.parse(json.text) as {
    rows: { median: number; q1: number; q3: number }[];
    norms: number[][][];
  };
  expect(parsed.rows).toHaveLength(15);
  for (const r of parsed.rows) expect(r.q1 <= r.median && r.median <= r.q3).toBe(true);
  expect(parsed.norms.map((stack) => stack.map((layer) => layer.length))).toEqual(
    Array.from({ length: 3 }, () => [4, 4, 4, 4, 4]),
  );
  await page.keyboard.press('Escape');

  const search = decodeURIComponent(new URL(page.url()).search);
  expect(search).toContain('stacks=L=5;K=4;seed=1;b=2;e=2-5/');
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Trainability' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(panel.getByLabel('Layers n (2–8)')).toHaveValue('5');
  await expect(panel.getByLabel('Your edges')).toHaveValue('2-5');
  await expect(panel.getByLabel('Initialisations K')).toHaveValue('4');

  await panel.getByLabel('Layers n (2–8)').fill('9');
  await panel.getByLabel('Initialisations K').fill('0');
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'layers:' });
  await expect(alert).toContainText('from 2 to 8 (got 9)');
  await expect(alert).toContainText('K: the random initialisations');
  await expect(progress).toHaveAttribute('data-status', 'idle');
  expect(lab.errors).toEqual([]);
});

test('an Explore row opens the stack panel on its configuration', async ({ page, lab }) => {
  await lab.open(`n=2;k=2,2;${TINY}`);
  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.evaluate(() =>
    window.resqunnLab.sweep({ layers: 2, seeds: 1, steps: 1, batch: 4, test: 8 }),
  );
  const row = page.locator('[data-testid="explore-row"][data-edges="0-1,1-2"]');
  await row.getByTestId('explore-stacks').click();
  await expect(page.getByRole('tab', { name: 'Trainability' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const panel = page.getByTestId('stacks-panel');
  await expect(panel.getByLabel('Layers n (2–8)')).toHaveValue('2');
  await expect(panel.getByLabel('Your edges')).toHaveValue('0-1,1-2');
  await expect(panel.getByLabel('Circuit from configuration')).toHaveValue(/^n=2;k=2,2;/);
  expect(decodeURIComponent(new URL(page.url()).search)).toContain('e=0-1,1-2/n=2;k=2,2');
  expect(lab.errors).toEqual([]);
});

/*
 * The user's own data: a tiny IDX dataset (3 classes) dropped in the page. Explore sweeps it, a
 * one-layer row opens the stack study on it (the smallest stack, 2 layers), the study runs on it
 * and its figure, files and link name it; a browser without it is told what to do, and giving
 * the files lets the link's study run.
 */
const FILES = [
  ...idxSet({ classes: 3, perClass: 8 }),
  ...idxSet({ classes: 3, perClass: 2, prefix: 't10k' }),
];

test('a stack study on a dataset dropped in the page; a browser without it is told what to do', async ({
  page,
  browser,
  lab,
}) => {
  await openLab(page, 'n=1;k=2;train=24;test=6;b=8');
  await dropDatasetFiles(page, FILES);
  const id = await storedDatasetId(page, /Stored idx-dataset\.[0-9a-f]{8}: 3 classes/);

  await page.getByRole('tab', { name: 'Explore' }).click();
  await page.evaluate(
    (data) =>
      window.resqunnLab.sweep({
        layers: 1,
        config: `n=1;k=2;train=24;test=6;data=${data}`,
        seeds: 1,
        steps: 1,
        batch: 4,
        test: 6,
      }),
    id,
  );
  await page
    .locator('[data-testid="explore-row"][data-edges="0-1"]')
    .getByTestId('explore-stacks')
    .click();
  const panel = page.getByTestId('stacks-panel');
  await expect(panel.getByLabel('Layers n (2–8)')).toHaveValue('2');
  await expect(panel.getByLabel('Your edges')).toHaveValue('0-1');
  await expect(panel.getByLabel('Circuit from configuration')).toHaveValue(
    new RegExp(`data=${id.replace('.', '\\.')}`),
  );
  await expect(page.getByTestId('stacks-data')).toContainText(`Data: ${id} (the page’s dataset`);

  await panel.getByLabel('Layers n (2–8)').fill('3');
  await panel.getByLabel('Initialisations K').fill('2');
  await panel.getByLabel('Batch').fill('4');
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByTestId('stacks-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const figure = page.locator('[data-figure="trainability-stacks"]');
  await expect(figure.getByRole('heading')).toHaveText(
    `Gradient norm per layer, 3 layers, on ${id}`,
  );
  await expect(figure.locator('circle.point')).toHaveCount(9);
  await expect(figure.locator('.legend-text')).toHaveText([
    'chained, no edges',
    'every layer to the head',
    'yours (0-1)',
  ]);
  await page.screenshot({ path: 'test-results/stacks-user-data.png', fullPage: true });

  await page.getByRole('button', { name: /^Export Gradient norm per layer/ }).click();
  const menu = page.locator('[data-export-menu="trainability-stacks"]');
  const csv = await download(page, () =>
    menu.getByRole('button', { name: 'CSV', exact: true }).click(),
  );
  expect(csv.name).toContain(id);
  const lines = csv.text.trim().split('\n');
  expect(lines).toHaveLength(1 + 9);
  for (const line of lines.slice(1)) expect(line.endsWith(`,${id}`)).toBe(true);
  const json = await download(page, () =>
    menu.getByRole('button', { name: 'JSON', exact: true }).click(),
  );
  expect((JSON.parse(json.text) as { dataset: string }).dataset).toBe(id);
  await page.keyboard.press('Escape');
  const link = page.url();
  expect(decodeURIComponent(link)).toMatch(
    new RegExp(`stacks=L=3;K=2;seed=1;b=4;e=0-1/.*data=${id}`),
  );
  expect(lab.errors).toEqual([]);

  // Another browser: the link's study names data it lacks; Run says so and what to do.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  const otherPanel = other.getByTestId('stacks-panel');
  await expect(other.getByTestId('stacks-data')).toContainText(`Data: ${id}`);
  await otherPanel.getByRole('button', { name: 'Run', exact: true }).click();
  const otherProgress = other.getByTestId('stacks-progress');
  await expect(otherProgress).toHaveAttribute('data-status', 'error');
  const alert = otherPanel.getByRole('alert');
  await expect(alert).toContainText(`${id}: this browser does not have this dataset`);
  await expect(alert).toContainText('Add its files');
  // Giving the files (a drop anywhere on the page) lets the same study run.
  await dropDatasetFiles(other, FILES);
  await expect(other.getByTestId('dataset-note')).toContainText("the link's dataset");
  await otherPanel.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(otherProgress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(other.locator('[data-figure="trainability-stacks"] circle.point')).toHaveCount(9);
  await fresh.close();
});
