import { expect, test } from './fixtures';
import { TINY } from './labHelpers';

/*
 * WebGPU reports a shader that does not compile, or a lost device, as an event and lets the
 * dispatch go on with stale buffers. The app must not show those numbers: the engine treats the
 * event as the backend failing, says so, and restarts the run on the next backend. A real
 * uncaptured error is raised on the worker's device (SwiftShader here) by a test fault.
 */
test('a GPU error event fails the webgpu backend: the notice says so and the run restarts on wasm', async ({
  page,
  lab,
}) => {
  await lab.open(`n=2;k=2,2;e=1-2;${TINY}`, { backend: 'webgpu,wasm' });
  expect(await page.evaluate(() => window.resqunnLab.backend())).toBe('webgpu');
  await page.evaluate(() => window.resqunnLab.step(1));
  await page.evaluate(() => window.resqunnLab.injectFault('gpu'));
  // The step after the error is never reported: its run is replaced, and the call says so.
  const after = await page.evaluate(() =>
    window.resqunnLab.step(1).then(
      () => 'resolved',
      (e: unknown) => String(e),
    ),
  );
  expect(after).toContain('the run was replaced');
  const notice = page.getByRole('alert').filter({ hasText: /GPU reported an error/ });
  await expect(notice).toContainText('Switched to wasm');
  await page.waitForFunction(
    () => window.resqunnLab.backend() === 'wasm' && window.resqunnLab.state() === 'paused',
    null,
    { timeout: 120_000 },
  );
  // The restarted run trains on wasm.
  const next = await page.evaluate(() => window.resqunnLab.step(2));
  expect(next?.steps.every((s) => Number.isFinite(s.loss))).toBe(true);
  expect(lab.errors).toEqual([]);
});
