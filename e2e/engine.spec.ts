import { expect, test } from './fixtures';

// The page's side of the engine contract: a crashed worker is replaced by one that continues the
// run from its last step, and the metrics the page already received stay, each once. wasm for
// speed: the fused CPU kernel runs there.
const CONFIG = 'n=2;k=2,2;e=1-2;train=32;test=16;b=8';

test('a crashed worker is replaced and the run continues, no metrics lost', async ({
  page,
  lab,
}) => {
  await lab.open(CONFIG);
  const before = await page.evaluate(() => window.resqunnLab.step(2));
  expect(before?.steps).toHaveLength(2);

  await page.evaluate(() => window.resqunnLab.crashWorker());
  await expect(page.getByRole('alert').filter({ hasText: /worker crashed/i })).toContainText(
    'a new one replayed to step 2',
    { timeout: 120_000 },
  );
  await page.waitForFunction(() => window.resqunnLab.state() === 'paused');
  const after = await page.evaluate(() => window.resqunnLab.step(1));
  expect(after?.runId).toBe(before?.runId);
  expect(after?.steps.map((s) => s.step)).toEqual([1, 2, 3]);
  expect(after?.steps.slice(0, 2).map((s) => s.loss)).toEqual(before?.steps.map((s) => s.loss));
});
