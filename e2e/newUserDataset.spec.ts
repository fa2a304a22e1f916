import { expect, test } from './fixtures';
import {
  downloadModelZip,
  dropDatasetFiles,
  runModelZip,
  screenshotPath,
  storedDatasetId,
} from './labHelpers';
import { idxSet } from '../src/data/formats/testing/fixtures';

/*
 * The "done when", as a new user: open the page, drop Fashion-MNIST-like IDX files (10
 * classes, 28×28, gzipped, MNIST's file names, generated: no network), press play, see the
 * feature maps of the dataset's images with one probability per class, export the model from
 * Compare runs and run its model.py in PyTorch: the same test accuracy as the page's.
 */
const FILES = [
  ...idxSet({ classes: 10, perClass: 6, gzip: true }),
  ...idxSet({ classes: 10, perClass: 3, gzip: true, prefix: 't10k' }),
];

test('a new user drops Fashion-MNIST-like IDX files, trains, sees feature maps, exports to PyTorch', async ({
  page,
  lab,
}) => {
  test.setTimeout(300_000);
  // A first visit: no link, the page's own default network. One epoch keeps the test short.
  await page.goto('/?backend=wasm&pace=max');
  await page.waitForFunction(() => window.resqunnLab?.state() === 'paused', null, {
    timeout: 120_000,
  });

  await dropDatasetFiles(page, FILES);
  const id = await storedDatasetId(
    page,
    /Stored idx-dataset\.[0-9a-f]{8}: 10 classes, 60 train and 30 test images/,
  );
  const config = await page.evaluate(() => window.resqunnLab.metrics()!.config);
  // The sizes were fitted to the dataset; one epoch of it.
  const configured = await page.evaluate(
    (text) => window.resqunnLab.configure(`${text.replace(/(^|;)ep=\d+/, '')};ep=1`),
    config,
  );
  expect(configured).toEqual({ ok: true });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.evaluate(() => window.resqunnLab.waitFor(['done'], 240_000));
  const record = await page.evaluate(() => window.resqunnLab.metrics()!);
  expect(record.config).toContain(`data=${id}`);
  const testAccuracy = record.epochs.at(-1)!.testAccuracy;

  // The feature maps of the dataset's own test images, named by its classes.
  const inspector = page.getByRole('region', { name: /Feature maps/ });
  await expect(page.getByTestId('inspector-dataset')).toHaveText(`on ${id}`);
  await expect(inspector.locator('.probabilities .prob')).toHaveCount(10);
  await expect(inspector.getByRole('button', { name: /^Test image 1: \d$/ })).toBeVisible();
  await expect(inspector.locator('.map-row').first()).toBeVisible();
  const tiles = await inspector.locator('.map-channels canvas').count();
  expect(tiles).toBeGreaterThan(0);
  await inspector.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('new-user-dataset.png'), fullPage: true });

  // The model out: the run's zip from Compare runs, run by PyTorch.
  const zip = await downloadModelZip(page);
  const out = runModelZip(zip.bytes);
  expect(out.count).toBe(30);
  expect(out.max_logit_diff).toBeLessThan(1e-4);
  expect(out.test_accuracy).toBe(testAccuracy);
  await page.keyboard.press('Escape');

  // Explore sweeps the dataset chosen in the single-run view and names it.
  await page.getByRole('tab', { name: 'Explore' }).click();
  const form = page.getByRole('form', { name: 'Sweep settings' });
  await form.getByLabel('Layers', { exact: true }).selectOption('1');
  await form.getByLabel('Steps', { exact: true }).fill('1');
  await form.getByLabel('Batch', { exact: true }).fill('8');
  await form.getByLabel('Test', { exact: true }).fill('10');
  await form.getByLabel('Seeds', { exact: true }).fill('1');
  await form.getByLabel('benchmarks (frozen, classical)', { exact: true }).uncheck();
  await form.getByRole('button', { name: 'Run sweep' }).click();
  await expect(page.getByTestId('explore-progress')).toHaveAttribute('data-status', 'done', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('explore-row')).toHaveCount(2);
  await expect(page.getByTestId('explore-dataset')).toHaveText(`On ${id}: `);
  await expect(page.locator('.explore-legend')).toContainText('dashed line chance (10%)');
  expect(lab.errors).toEqual([]);
});
