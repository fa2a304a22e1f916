import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { downloadModelZip, openLab, runModelZip } from './labHelpers';

/*
 * Checkpoints in the browser (wasm, the fused CPU kernel): a run file saved at step 3, imported in
 * a fresh browser context and played, trains on to exactly the numbers of the run that was never
 * interrupted; its model exports as a zip for PyTorch.
 */

const CONFIG = 'n=2;k=2,2;e=1-2;train=32;test=16;b=8;ep=2'; // 8 steps

type Step = { step: number; loss: number; gradNorms: Record<string, number> };

const metrics = (page: Page) =>
  page.evaluate(() => JSON.parse(JSON.stringify(window.resqunnLab.metrics())));

const numbers = (steps: Step[]) =>
  steps.map(({ step, loss, gradNorms }) => ({ step, loss, gradNorms }));

test('a run file imported with its checkpoint continues where it stopped', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await openLab(page, CONFIG);
  await page.evaluate(async () => {
    window.resqunnLab.step(3);
    await window.resqunnLab.waitFor(['paused']);
  });
  await expect.poll(async () => (await metrics(page)).checkpoint?.step ?? 0).toBe(3);
  const file = Buffer.from(JSON.stringify(await metrics(page)));
  await page.evaluate(async () => {
    window.resqunnLab.play();
    await window.resqunnLab.waitFor(['done']);
  });
  const whole = await metrics(page);
  expect(whole.steps).toHaveLength(8);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openLab(other, 'n=1;k=2;train=32;test=16;b=8');
  await other.getByRole('button', { name: /Compare runs/ }).click();
  const dialog = other.getByRole('dialog', { name: 'Compare runs' });
  await dialog.getByLabel('Import run or configuration file').setInputFiles({
    name: 'run.json',
    mimeType: 'application/json',
    buffer: file,
  });
  await expect(dialog.getByTestId('runs-status')).toContainText(
    'continues from step 3: press play',
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await other.waitForFunction(() => window.resqunnLab.metrics()?.steps.length === 3);
  await other.getByRole('button', { name: 'Play' }).click();
  await other.waitForFunction(() => window.resqunnLab.state() === 'done', null, {
    timeout: 120_000,
  });
  const resumed = await metrics(other);
  expect(resumed.config).toBe(whole.config);
  expect(numbers(resumed.steps)).toEqual(numbers(whole.steps));
  expect(resumed.epochs).toEqual(whole.epochs);
  expect(resumed.checkpoint).toEqual(whole.checkpoint);
  await fresh.close();
});

test("the current run's model downloads as a zip that PyTorch reproduces", async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page, CONFIG);
  await page.evaluate(async () => {
    window.resqunnLab.play();
    await window.resqunnLab.waitFor(['done']);
  });
  const testAccuracy = (await metrics(page)).epochs.at(-1).testAccuracy as number;
  const zip = await downloadModelZip(page);
  expect(zip.name).toMatch(/^resqunn_model_.*_step8\.zip$/);
  await expect(
    page.getByRole('dialog', { name: 'Compare runs' }).getByTestId('runs-status'),
  ).toContainText('python model/model.py');
  const out = runModelZip(zip.bytes);
  expect(out.max_logit_diff).toBeLessThan(1e-4);
  expect(out.test_accuracy).toBe(testAccuracy);
});
