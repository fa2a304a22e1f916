import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { TINY } from './labHelpers';

/*
 * What a new user tripped on: a worker that stops without a word, old numbers under a new
 * architecture, a refused field, partly wrong links, bad API calls, the divergence stop, and
 * the favicon. wasm and tiny data keep each step quick.
 */

const NO_RESIDUAL = `n=2;k=2,2;${TINY};ep=5`;

const stepsOf = (page: Page) => page.evaluate(() => window.resqunnLab.metrics()?.steps.length ?? 0);

test('a worker that closes itself without an error is noticed, and a new one continues its run', async ({
  page,
  lab,
}) => {
  await lab.open(NO_RESIDUAL);
  const before = await page.evaluate(() => window.resqunnLab.step(2));
  await page.evaluate(() => window.resqunnLab.injectFault('silent'));
  await expect(page.getByRole('alert').filter({ hasText: /worker stopped/i })).toContainText(
    /stopped at step 2 .*; a new one replayed to step 2 from the run's checkpoint at step 2; the run waits, paused, there\./,
    { timeout: 120_000 },
  );
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
  const runs = await page.evaluate(() => window.resqunnLab.runs());
  expect(runs).toHaveLength(1); // the same run, not a second one from step 0
  expect(runs[0].steps.map((s) => s.loss)).toEqual(before?.steps.map((s) => s.loss));
  // The page answers again: the next step is step 3, then Reset.
  const after = await page.evaluate(() => window.resqunnLab.step(1));
  expect(after?.steps.map((s) => s.step)).toEqual([1, 2, 3]);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => stepsOf(page)).toBe(0);
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
});

test('an edit clears every node’s readout and says the run restarted', async ({
  page,
  context,
  lab,
}) => {
  await lab.open(NO_RESIDUAL);
  await page.evaluate(() => window.resqunnLab.step(3));
  const q1 = page.locator('.node[data-layer="Q1"]');
  await expect(q1).toHaveAttribute('data-liveness', 'dead');
  await expect(page.locator('.node[data-layer="Q2"]')).toContainText('‖∇θ‖');
  // Hold the new run back: the restarted worker waits for data that never comes, so the page
  // shows the new configuration while the current run is still the old one.
  await context.route('**/data/**', () => {});
  await page.evaluate(() => window.resqunnLab.crashWorker());
  // `.ok` at once: the promise would wait for a run that the held-back data keeps from starting.
  const ok = await page.evaluate(
    () => window.resqunnLab.configure('n=2;k=2,2;e=1-2;train=32;test=16;b=8;ep=5').ok,
  );
  expect(ok).toBe(true);
  await expect(page.getByTestId('paper-name')).toHaveText('O1+O2');
  await expect(q1).toContainText('gradient expected'); // the new prediction, no old number
  for (const layer of ['Q1', 'Q2']) {
    const node = page.locator(`.node[data-layer="${layer}"]`);
    await expect(node).not.toContainText('unexpected');
    await expect(node).not.toContainText('‖∇θ‖');
  }
  await expect(page.getByTestId('restart-note')).toHaveText('Restarted: configuration changed');
});

test('Play waits while a field holds a refused value, and says why on the button', async ({
  page,
  lab,
}) => {
  await lab.open(NO_RESIDUAL);
  const play = page.getByRole('button', { name: 'Play' });
  await expect(play).toBeEnabled();
  const rate = page.getByLabel('Learning rate');
  await rate.fill('1000');
  await rate.press('Enter');
  await expect(play).toBeDisabled();
  await expect(play).toHaveAttribute('title', /Learning rate: learning rate 1000 is too large/);
  await expect(page.getByTestId('play-blocked')).toContainText('Learning rate');
  await expect(page.getByRole('button', { name: 'Step' })).toBeDisabled();
  await rate.press('Escape');
  await expect(play).toBeEnabled();
  await expect(page.getByTestId('play-blocked')).toHaveCount(0);
});

test('a link with one bad key keeps its valid parts, shows the original and names the rest', async ({
  page,
}) => {
  const search = '?c=n=3;k=2,3,2;e=0-2;lr=banana;ep=3&config=n=1&backend=quantum&c=n=1;k=2';
  await page.goto(`/${search}`);
  const banner = page.getByTestId('link-banner');
  await expect(banner).toContainText("Ignored 'lr=banana'; the rest of the link is applied.");
  await expect(banner).toContainText("unknown parameter 'config' was ignored");
  await expect(banner).toContainText("backend 'quantum' is not one of webgpu, webgl, wasm, cpu");
  await expect(banner).toContainText("'c=' appears 2 times: only the first was used");
  await expect(page.getByTestId('config-code')).toHaveText('n=3;k=2,3,2;e=0-2;ep=3');
  await expect(page.getByTestId('link-original')).toHaveValue(new RegExp(`${escape(search)}$`));
  await banner.screenshot({ path: 'test-results/screenshots/link-notice.png' });
});

test('a long link gets a clear refusal: from the page up to 16 KB, from the server past it', async ({
  page,
}) => {
  const response = await page.request.get(`/?c=${'a'.repeat(100_000)}`);
  expect(response.status()).toBe(414); // not Node's bare 431
  expect(await response.text()).toContain('This link is too long');
  await page.goto(`/?backend=wasm&c=${'n=2;'.repeat(2500)}`);
  await expect(page.getByTestId('link-banner')).toContainText(
    'the configuration code is 10,000 characters long, too long to be one',
  );
});

test('window.resqunnLab refuses wrong arguments with a message and leaves the page usable', async ({
  page,
  lab,
}) => {
  await lab.open(NO_RESIDUAL);
  const refusals = await page.evaluate(async () => {
    const lab = window.resqunnLab;
    const reason = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    return {
      nan: await reason(lab.step(NaN)),
      minus: await reason(lab.step(-1)),
      zero: await reason(lab.step(0)),
      configure: lab.configure(123 as unknown as string),
      waitFor: await reason(lab.waitFor(['finished' as 'done'])),
    };
  });
  expect(refusals.nan).toMatch(/^step\(n\) expects a whole number of steps from 1 .*\(got NaN\)/);
  expect(refusals.minus).toContain('(got -1)');
  expect(refusals.zero).toContain('(got 0)');
  expect(refusals.configure).toEqual({
    ok: false,
    errors: [expect.stringMatching(/^configure\(text\) expects the configuration as text/)],
  });
  expect(refusals.waitFor).toMatch(/non-empty array of states/);
  // None of them took a step; the step(1) below, answered after anything they could have queued,
  // confirms it with exactly one step.
  expect(await stepsOf(page)).toBe(0);
  expect(await page.evaluate(() => window.resqunnLab.state())).toBe('paused');
  expect((await page.evaluate(() => window.resqunnLab.step(1)))?.steps).toHaveLength(1);
});

test('a diverging run stops with a notice naming the step and the layer; Reset continues', async ({
  page,
  lab,
}) => {
  await lab.open(NO_RESIDUAL);
  await page.evaluate(() => window.resqunnLab.step(2));
  await page.evaluate(() => window.resqunnLab.injectFault('diverge'));
  await page.evaluate(() => window.resqunnLab.step(1));
  expect(await page.evaluate(() => window.resqunnLab.state())).toBe('error');
  const notice = page.getByRole('alert').filter({ hasText: 'Training diverged' });
  await expect(notice).toContainText(
    'Training diverged at step 3: the gradient of Q1 is no longer a finite number',
  );
  await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
  const after = await page.evaluate(() => window.resqunnLab.step(2));
  expect(after?.steps.every((s) => Number.isFinite(s.loss))).toBe(true);
});

test('the page has a favicon and loads without a 404', async ({ page, lab }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await lab.open(NO_RESIDUAL);
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBeTruthy();
  const icon = await page.request.get(new URL(href!, page.url()).href);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('svg');
  expect(failed).toEqual([]);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
