import { expect, test } from '@playwright/test';
import { nodeHost, quietTfjs } from '../src/engine/nodeHost';
import { runInNode } from '../src/engine/nodeRunner';
import type { RunRecord } from '../src/engine/runRecord';

// A real MNIST batch through a 2-layer quanv stack, forward and backward, in the app's worker on
// WebGPU; the same step on tfjs `cpu` in Node must give the same numbers. `exact` semantics so
// that both quanv layers have a gradient to compare.
const CONFIG = 'n=2;k=2,2;e=0-1;sem=exact;train=16;test=8;b=8';

function closeTo(actual: number, expected: number, tolerance = 1e-4): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

test('the worker trains on webgpu and matches tfjs cpu in Node', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Named explicitly: by default the app passes over SwiftShader's WebGPU for the faster CPU kernel.
  await page.goto('/?backend=webgpu');
  await page.waitForFunction(() => window.resqunnLab?.backend() !== '', null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.resqunnLab.backend())).toBe('webgpu');

  // The page's own first run must be ready before a new configuration replaces it.
  await page.evaluate(() => window.resqunnLab.waitFor(['paused']));
  const configured = await page.evaluate((c) => window.resqunnLab.configure(c), CONFIG);
  expect(configured).toEqual({ ok: true });
  // The API refuses steps until the new configuration's run is ready (issue 10, item 13).
  await page.evaluate(() => window.resqunnLab.waitFor(['paused']));
  const browser = (await page.evaluate(() => window.resqunnLab.step(2))) as RunRecord;
  expect(browser.backend).toBe('webgpu');
  expect(browser.steps).toHaveLength(2);

  quietTfjs();
  const node = await runInNode(nodeHost(), CONFIG, { steps: 2 });
  expect(node.backend).toBe('cpu');

  for (const [i, expected] of node.steps.entries()) {
    const actual = browser.steps[i];
    expect(Number.isFinite(actual.loss)).toBe(true);
    expect(
      closeTo(actual.loss, expected.loss),
      `loss of step ${i + 1}: ${actual.loss} vs ${expected.loss}`,
    ).toBe(true);
    for (const layer of ['Q1', 'Q2', 'H'] as const) {
      const a = actual.gradNorms[layer]!;
      const e = expected.gradNorms[layer]!;
      expect(e).toBeGreaterThan(1e-6); // a real gradient, not two zeros agreeing
      expect(closeTo(a, e), `‖∇${layer}‖ of step ${i + 1}: ${a} (webgpu) vs ${e} (cpu)`).toBe(true);
    }
    // The route ops record the same flow on every backend (exact: every route carries some).
    for (const route of ['c:1', 'c:2', '0-1', 'c:H'] as const) {
      const a = actual.flowNorms?.[route] ?? Number.NaN;
      const e = expected.flowNorms?.[route] ?? Number.NaN;
      expect(e).toBeGreaterThan(1e-6);
      expect(closeTo(a, e), `flow of ${route}, step ${i + 1}: ${a} (webgpu) vs ${e} (cpu)`).toBe(
        true,
      );
    }
  }

  // The page shows the backend and the result.
  await expect(page.getByText(/webgpu/i).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/webgpu-first-steps.png' });
  expect(pageErrors).toEqual([]);
});
