import { expect, test } from './fixtures';

// The page's side of the engine contract: a crashed worker is restarted, and the metrics the
// page already received stay. wasm for speed: the fused CPU kernel runs there.
const CONFIG = 'n=2;k=2,2;e=1-2;train=32;test=16;b=8';

test('a crashed worker is restarted and no metrics are lost', async ({ page, lab }) => {
  await lab.open(CONFIG);
  const before = await page.evaluate(() => window.resqunnLab.step(2));
  expect(before?.steps).toHaveLength(2);

  await page.evaluate(() => window.resqunnLab.crashWorker());
  await expect(page.getByRole('alert').filter({ hasText: /worker crashed/i })).toBeVisible();

  // The restarted worker gets the configuration again and is ready for more.
  await page.waitForFunction(
    () => window.resqunnLab.runs().length >= 2 && window.resqunnLab.state() === 'paused',
    null,
    { timeout: 120_000 },
  );
  const runs = await page.evaluate(() => window.resqunnLab.runs());
  const kept = runs.find((r) => r.steps.length === 2);
  expect(kept?.steps.map((s) => s.loss)).toEqual(before?.steps.map((s) => s.loss));
  const after = await page.evaluate(() => window.resqunnLab.step(1));
  expect(after?.steps).toHaveLength(1);
  // Same configuration, same seed: the new run's first step repeats the old run's first step.
  expect(after?.steps[0].loss).toBe(before?.steps[0].loss);
});
