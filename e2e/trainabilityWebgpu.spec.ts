import { expect, test } from './fixtures';
import { startCheckPage, type CheckPageServer } from './checkPageServer';
import type { CheckCircuit, CheckResult } from './pages/trainabilitycheck';

/*
 * The Trainability study's WebGPU path (src/sim/trainability/webgpu/), on Chromium's SwiftShader:
 * (a) the same samples on the GPU sampler and the CPU sampler in one page (a check page served
 * by a Vite dev server of its own), every gradient and cost within the float32 tolerance, over
 * circuits with CNOT, CZ, fixed gates, H, encodings and random axes and every cost; (b) the view:
 * WebGPU chosen, a study run, curves drawn, the backend in the link and back after a reload.
 *
 * Tolerance: the GPU keeps float32 states, the CPU float64; every cost is bounded by 1 and so
 * is every gradient (|∂C/∂θ| ≤ ‖H‖ ≤ 1), and the float32 rounding of ~2ⁿ-term sums after a few
 * tens of gates measured at most 6e-7 here, so 1e-5 absolute leaves a margin and still catches a wrong
 * sign, axis, gate or sample order (errors of order 0.1–1).
 */
const TOLERANCE = 1e-5;

let server: CheckPageServer;

test.beforeAll(async () => {
  server = await startCheckPage('e2e/pages/trainabilitycheck.html');
});

test.afterAll(async () => {
  await server?.close();
});

const CASES: CheckCircuit[] = [
  // every gate kind (encodings, X/Y/Z and random-axis rotations, fixed rotations, H, CZ, CNOT)
  ...(['global', 'local', 'readout', 'projector'] as const).flatMap((cost) => [
    { circuit: 'random-gates', qubits: 3, depth: 4, cost, init: 'uniform', samples: 16 } as const,
    { circuit: 'random-layered', qubits: 6, depth: 5, cost, init: 'uniform', samples: 16 } as const,
  ]),
  { circuit: 'random-layered', qubits: 8, depth: 3, cost: 'local', init: 'small', samples: 16 },
  { circuit: 'mcclean', qubits: 1, depth: 2, cost: 'projector', init: 'uniform', samples: 16 },
  { circuit: 'mcclean', qubits: 7, depth: 5, cost: 'projector', init: 'identity', samples: 16 },
  { circuit: 'cerezo', qubits: 8, depth: 3, cost: 'global', init: 'uniform', samples: 16 },
  { circuit: 'basic', qubits: 4, depth: 2, cost: 'readout', init: 'uniform', samples: 16 },
  { circuit: 'strong', qubits: 5, depth: 2, cost: 'local', init: 'uniform', samples: 16 },
];

test('the WebGPU sampler gives the CPU sampler’s gradients to float32 precision', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.__tcheck || window.__tcheckError, null, {
    timeout: 60_000,
  });
  const failed = await page.evaluate(() => window.__tcheckError);
  if (failed) throw new Error(`the check page failed: ${failed}`);
  for (const c of CASES) {
    const r = (await page.evaluate((x) => window.__tcheck!.compare(x), c)) as CheckResult;
    console.log(
      `${r.label}: ${r.paramCount} params, chunk ${r.chunk}, max |Δ∂| ${r.gradError.toExponential(1)} ` +
        `(|∂| ≤ ${r.gradScale.toFixed(3)}), max |ΔC| ${r.costError.toExponential(1)}; ` +
        `${r.gpuMs.toFixed(2)} ms/sample GPU, ${r.cpuMs.toFixed(2)} CPU`,
    );
    expect(r.gradError, `gradients, ${r.label}`).toBeLessThan(TOLERANCE);
    expect(r.costError, `costs, ${r.label}`).toBeLessThan(TOLERANCE);
    expect(r.gradScale, `real gradients, ${r.label}`).toBeGreaterThan(1e-3);
  }
  expect(pageErrors).toEqual([]);
});
