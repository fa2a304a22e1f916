import { expect, test } from './fixtures';
import { startCheckPage, type CheckPageServer } from './checkPageServer';
import { screenshotPath, TINY } from './labHelpers';
import type { ShotCheckResult } from './pages/shotcheck';

/*
 * Finite shots on the webgpu backend (SwiftShader here), where they once were refused: the
 * estimates are prepared with an asynchronous read-back (src/sim/shotSimulator.ts), so the path
 * is the one every backend runs. Kept short: one circuit on the check page, one tiny run in the app.
 */

let server: CheckPageServer;

test.beforeAll(async () => {
  server = await startCheckPage('shotcheck');
});

test.afterAll(async () => {
  await server?.close();
});

test('shot estimates and gradients on webgpu agree with the CPU', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.__shotcheck !== undefined, null, { timeout: 200_000 });
  const result = (await page.evaluate(() => window.__shotcheck)) as ShotCheckResult;
  if ('error' in result) throw new Error(`the check page failed: ${result.error}`);
  console.log(JSON.stringify(result));
  expect(result.backend).toMatch(/^webgpu/);
  const { forward, gradients } = result;
  // The same draws as the CPU's from the same seed, but for the rare value that float32 moved
  // across a boundary of the inversion.
  expect(forward.mismatches).toBeLessThanOrEqual(0.01 * forward.entries);
  // Unbiased: the mean error of 6,000 estimates is within 3 standard errors of 0 …
  expect(Math.abs(forward.meanError)).toBeLessThan(3 * forward.standardError);
  // … with the binomial spread (1 − z²)/S (±10% is > 5 standard errors of the ratio here).
  expect(forward.spreadRatio).toBeGreaterThan(0.9);
  expect(forward.spreadRatio).toBeLessThan(1.1);
  // Gradients: the CPU's shot gradient up to those rare draws, far inside the noise floor; the
  // floor is the CPU's to float32; the error against the exact gradient is of the floor's size.
  expect(gradients.noise).toBeGreaterThan(0);
  expect(Math.abs(gradients.noise - gradients.noiseCpu)).toBeLessThan(1e-3 * gradients.noiseCpu);
  expect(gradients.paramDiffNorm).toBeLessThan(0.25 * gradients.noise);
  expect(gradients.inputMismatchShare).toBeLessThan(0.02);
  expect(gradients.errorNorm / gradients.noise).toBeGreaterThan(0.3);
  expect(gradients.errorNorm / gradients.noise).toBeLessThan(3);
  expect(gradients.exactNorm).toBeGreaterThan(gradients.noise); // a real gradient to estimate
  expect(result.zeroCotangentExactlyZero).toBe(true);
  expect(result.leakedTensors).toBe(0);
  expect(pageErrors).toEqual([]);
});

test('a 1,000-shot run trains in the app on webgpu: Q1 without a route exactly 0, Q2 noisy with its floor', async ({
  page,
  lab,
}) => {
  const config = `n=2;k=2,2;a=strong,random;${TINY};shots=1000`;
  await lab.open(config, { backend: 'webgpu' });
  expect(await page.evaluate(() => window.resqunnLab.backend())).toBe('webgpu');
  await lab.train(config);
  const record = await page.evaluate(() => window.resqunnLab.metrics());
  expect(record?.config).toBe(config);
  expect(record?.backend).toBe('webgpu');
  expect(record!.steps.length).toBeGreaterThan(0);
  for (const s of record!.steps) {
    expect(Number.isFinite(s.loss)).toBe(true);
    expect(s.gradNorms.Q1).toBe(0);
    expect(s.gradNorms.Q2).toBeGreaterThan(0);
    expect(s.shotNoise?.Q2).toBeGreaterThan(0);
  }
  expect(record!.epochs.every((e) => Number.isFinite(e.testAccuracy))).toBe(true);
  await expect(page.getByTestId('shot-note')).toContainText('1,000 shots');
  await expect(page.locator('path.noise-floor[data-layer="Q2"]')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('shots-webgpu.png'), fullPage: true });
  expect(lab.errors).toEqual([]);
});
