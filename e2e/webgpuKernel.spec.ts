import { expect, test } from '@playwright/test';
import { startCheckPage, type CheckPageServer } from './checkPageServer';
import type { SimCheckCase, SimCheckResult } from './pages/simcheck';
import { EXTENDED_CASES } from '../src/sim/testing/extendedCircuits';

// The fused WebGPU kernel (src/sim/webgpuKernelOp.ts) against the fused CPU kernel: ⟨Z⟩, parameter
// gradients and input gradients for every circuit family (the shaders are generated from the
// program's gate list), 4 and 9 qubits, ansatz depth 1..3, both gradient semantics.
// The check page is not part of the app's build: a Vite dev server of its own serves it.
//
// Tolerance 1e-4 relative to max(1, |cpu value|): the CPU kernel computes in float64 from the
// same float32 inputs, the shader in float32; ⟨Z⟩ (|·| ≤ 1) carries rounding of ~n·2ⁿ terms and
// sits at ~1e-6, the parameter gradients are sums over all windows (tens to hundreds in size),
// hence the relative scale.
const TOLERANCE = 1e-4;

let server: CheckPageServer;

test.beforeAll(async () => {
  server = await startCheckPage('simcheck');
});

test.afterAll(async () => {
  await server?.close();
});

test('the fused WebGPU kernel matches the fused CPU kernel', async ({ page }) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => console.log(`[page] ${m.text()}`));
  await page.goto(server.url);
  await page.waitForFunction(() => window.__simcheck !== undefined, null, { timeout: 270_000 });
  const result = (await page.evaluate(() => window.__simcheck)) as SimCheckResult;
  if ('error' in result) throw new Error(`the check page failed: ${result.error}`);
  expect(result.backend).toMatch(/^webgpu/);
  expect(result.cases).toHaveLength(40);
  expect(new Set(result.cases.map((c) => c.family))).toEqual(
    new Set(['ryrz', 'basic', 'strong', 'random', 'randomlayers']),
  );

  for (const c of result.cases) {
    expectAgreement(c, `${c.family}, ${c.qubits} qubits, L=${c.depth}, ${c.semantics}`);
  }
  // ryrz and strong have dead angles at every depth checked here (the last layer's RZs).
  expect(result.cases.filter((c) => c.dead.count > 0).length).toBeGreaterThanOrEqual(16);

  // The wider gate set (fixed gates, fixed-angle rotations, CZ, SWAP, controlled rotations, the
  // RX and H·RZ encodings), lowered as the CPU kernel lowers it: the same agreement.
  expect(result.extended.length).toBeGreaterThanOrEqual(EXTENDED_CASES.length + 2);
  for (const c of result.extended)
    expectAgreement(c, `${c.focus}, ${c.qubits} qubits, ${c.semantics}`);
  expect(pageErrors).toEqual([]);
});

function expectAgreement(c: SimCheckCase, label: string) {
  console.log(
    `${label}: max rel. error z ${c.error.z.toExponential(1)}, params ` +
      `${c.error.params.toExponential(1)} (|g| ≤ ${c.scale.params.toFixed(1)}), x ` +
      `${c.error.x.toExponential(1)}; dispatches ${c.dispatches.forward} forward, ` +
      `${c.dispatches.forwardBackward} forward+backward; ${c.seconds.toFixed(1)} s`,
  );
  expect(c.error.z, `⟨Z⟩, ${label}`).toBeLessThan(TOLERANCE);
  expect(c.error.params, `∂/∂params, ${label}`).toBeLessThan(TOLERANCE);
  expect(c.error.x, `∂/∂x, ${label}`).toBeLessThan(TOLERANCE);
  // Real gradients, not two zeros agreeing.
  expect(c.scale.params, label).toBeGreaterThan(1e-3);
  if (c.semantics === 'exact') expect(c.scale.x, label).toBeGreaterThan(1e-3);
  // One dispatch forward; backward 2 (measured) or 3 (exact).
  expect(c.dispatches.forward, label).toBe(1);
  expect(c.dispatches.forwardBackward, label).toBe(c.semantics === 'exact' ? 4 : 3);
  expect(c.leakedTensors, label).toBe(0);
  expect(c.dead.largest, `dead gradients, ${label}`).toBe(0);
}
