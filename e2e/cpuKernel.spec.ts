import { expect, test } from './fixtures';

// The app on a CPU backend runs the WebAssembly SIMD kernel, on two threads: Vite's preview
// server sends the cross-origin isolation headers (vite.config.ts), so the engine's worker may
// share memory with the kernel's second worker. The backend panel says which.
const CONFIG = 'n=2;k=2,2;e=1-2;train=32;test=16;b=8';

test('on wasm the app trains with the SIMD kernel on two threads, cross-origin isolated', async ({
  page,
  lab,
}) => {
  await lab.open(CONFIG);
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('cpu-kernel')).toHaveText(/WebAssembly SIMD, 2 threads/);
  const run = await page.evaluate(() => window.resqunnLab.step(2));
  expect(run?.steps).toHaveLength(2);
  for (const s of run!.steps) expect(Number.isFinite(s.loss)).toBe(true);
});
