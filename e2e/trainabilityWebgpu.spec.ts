import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startCheckPage, type CheckPageServer } from './checkPageServer';
import type { CheckCircuit, CheckResult } from './pages/trainabilitycheck';

/*
 * The Trainability study's WebGPU path (src/sim/trainability/webgpu/), on Chromium's SwiftShader:
 * (a) the same samples on the GPU sampler and the CPU sampler in one page (a check page served
 * by a Vite dev server of its own), every gradient and cost within the float32 tolerance, over
 * circuits with CNOT, CZ, fixed gates, H, encodings and random axes and every cost; (b) the view:
 * WebGPU chosen (offered by a small probe worker, not the study's), a study run, curves drawn,
 * the backend in the link and back after a reload; and where a worker has no WebGPU, the form
 * says so and a WebGPU link is refused before work.
 *
 * Tolerance: the GPU keeps float32 states, the CPU float64; every cost is bounded by 1 and so
 * is every gradient (|∂C/∂θ| ≤ ‖H‖ ≤ 1), and the float32 rounding of ~2ⁿ-term sums after a
 * few tens of gates measured at most 6e-7 here, so 1e-5 absolute leaves a margin and still
 * catches a wrong sign, axis, gate or sample order (errors of order 0.1–1).
 */
const TOLERANCE = 1e-5;

let server: CheckPageServer;

test.beforeAll(async () => {
  server = await startCheckPage('trainabilitycheck');
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

test('a lost GPU device says what happened and what to do', async ({ page }) => {
  await page.goto(server.url);
  await page.waitForFunction(() => window.__tcheck || window.__tcheckError, null, {
    timeout: 60_000,
  });
  const message = await page.evaluate(() => window.__tcheck!.lost());
  expect(message).toMatch(/^WebGPU failed: the GPU device was lost \(destroyed/);
  expect(message).toContain('Run the study again to get a new GPU device');
  expect(message).toContain('or choose the CPU backend');
});

test('the view: choose WebGPU, run, curves fill in, the link carries the backend', async ({
  page,
  lab,
}) => {
  test.setTimeout(120_000);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  const started = (name: string) => workers.some((path) => path.includes(name));
  await page.goto('/');
  await page.getByRole('tab', { name: 'Trainability' }).click();
  const backend = page.getByLabel('Backend');
  // offered once the probe's small worker has found an adapter; the study's worker (its bundle)
  // starts with the first study, not for the question
  await expect(backend.locator('option[value="webgpu"]')).toBeEnabled();
  expect(started('gpuProbeWorker')).toBe(true);
  expect(started('trainabilityWorker')).toBe(false);
  await page.getByRole('button', { name: 'McClean preset' }).click();
  await backend.selectOption('webgpu');
  await page.getByLabel('Qubits n').fill('2-5');
  await page.getByLabel('Depths L').fill('1,3');
  await page.getByLabel('Samples K').fill('16');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByTestId('trainability-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(progress).toContainText('samples on WebGPU');
  expect(started('trainabilityWorker')).toBe(true);
  const qubitsFigure = page.locator('[data-figure="trainability-qubits"]');
  // two curves (L = 1, 3) of four points each, each with its fit
  await expect(qubitsFigure.locator('circle.point')).toHaveCount(8);
  await expect(qubitsFigure.locator('path.fit-line')).toHaveCount(2);
  await expect(page.getByTestId('trainability-rate')).toContainText(/L = 3, projector: \d/);

  const search = decodeURIComponent(new URL(page.url()).search);
  expect(search).toContain(
    'trainability=c=mcclean;n=2-5;L=1,3;cost=projector;K=16;init=uniform;seed=1;backend=webgpu',
  );
  await page.reload();
  await expect(page.getByLabel('Backend')).toHaveValue('webgpu');
  await expect(page.getByLabel('Qubits n')).toHaveValue('2-5');
  await expect(page.getByLabel('Backend').locator('option[value="webgpu"]')).toBeEnabled();
  // a longer study on the GPU shows its progress and stops at a cancel (one chunk later)
  await page.getByLabel('Qubits n').fill('8-10');
  await page.getByLabel('Depths L').fill('20');
  await page.getByLabel('Samples K').fill('200');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(progress).toHaveAttribute('data-status', 'running');
  await expect(progress).toContainText('samples on WebGPU');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveAttribute('data-status', 'cancelled', { timeout: 20_000 });
  // and back to the CPU: the link drops the field
  await page.getByLabel('Backend').selectOption('cpu');
  await expect.poll(() => decodeURIComponent(new URL(page.url()).search)).not.toContain('backend');
  expect(lab.errors).toEqual([]);
});

/** Starts the page's module workers without navigator.gpu: a browser without WebGPU. */
async function withoutWorkerGpu(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        let script = url;
        if (options?.type === 'module') {
          const real = JSON.stringify(new URL(url, location.href).href);
          // the worker's own module first (it reads navigator.gpu only when asked), no await:
          // a module worker's messages wait for its evaluation
          const body = `import ${real}; delete Object.getPrototypeOf(navigator).gpu;`;
          script = URL.createObjectURL(new Blob([body], { type: 'text/javascript' }));
        }
        super(script, options);
      }
    };
  });
}

test('without WebGPU the form says so, and a WebGPU link is refused before any work', async ({
  page,
  lab,
}) => {
  await withoutWorkerGpu(page);
  await page.goto('/?trainability=c=mcclean;n=2-4;L=1;cost=projector;K=16;backend=webgpu');
  await expect(page.getByTestId('trainability-gpu')).toContainText(
    'No WebGPU here: WebGPU is not available here (navigator.gpu is missing)',
  );
  await expect(page.getByLabel('Backend').locator('option[value="webgpu"]')).toBeDisabled();
  await expect(page.getByRole('alert')).toContainText("backend 'webgpu': WebGPU is not available");
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('trainability-progress')).toHaveAttribute('data-status', 'idle');
  // the CPU still runs the same study
  await page.getByLabel('Backend').selectOption('cpu');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('trainability-progress')).toHaveAttribute('data-status', 'done');
  expect(lab.errors).toEqual([]);
});
