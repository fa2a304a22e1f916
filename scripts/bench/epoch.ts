import type { Browser } from 'playwright';
import { nodeHost } from '../../src/engine/nodeHost';
import { runInNode } from '../../src/engine/nodeRunner';
import { median } from './throughput';

/**
 * Wall time of one training epoch of a configuration (docs/model.md §2's default experiment in the
 * benchmark), run to completion by the app itself in headless Chromium, forced onto one backend
 * with `?backend=` and at full speed with `?pace=max` (the page's default teaching pace, 10 steps a
 * second, would time the pace: 3.1 s for the 32 steps). Includes the end-of-epoch train/test
 * evaluation, excludes page load.
 */
export async function browserEpochSeconds(
  browser: Browser,
  appUrl: string,
  backend: string,
  config: string,
): Promise<{ seconds: number; backend: string } | string> {
  const page = await browser.newPage();
  try {
    const query = new URLSearchParams({ backend, pace: 'max', c: config });
    await page.goto(`${appUrl}?${query}`);
    await page.waitForFunction(() => window.resqunnLab?.state() === 'paused', null, {
      timeout: 300_000,
    });
    const used = await page.evaluate(() => window.resqunnLab.backend());
    if (used !== backend) return `the app fell back to ${used}`;
    const seconds = await page.evaluate(async () => {
      const start = performance.now();
      window.resqunnLab.play();
      const state = await window.resqunnLab.waitFor(['done', 'error'], 3_600_000);
      if (state !== 'done') throw new Error(`the run ended in state ${state}`);
      return (performance.now() - start) / 1000;
    });
    return { seconds, backend: used };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await page.close();
  }
}

/** Epochs timed in Node, by each peer and on Chromium's CPU backends: the median is quoted. */
export const EPOCH_REPEATS = 5;

/**
 * The same epoch in Node on the engine's default backend there (tfjs cpu, the fused kernel on two
 * threads), the median of EPOCH_REPEATS. Start-up is excluded, as page load is in the browser and
 * data loading in the PyTorch loop: a one-step run first loads the data and starts the kernel
 * threads, then fresh runs of the whole epoch are timed (each builds its network, optimiser and
 * data tensors inside the time).
 */
export async function nodeEpochSeconds(config: string): Promise<number> {
  const host = nodeHost();
  await runInNode(host, config, { steps: 1 });
  const seconds: number[] = [];
  for (let r = 0; r < EPOCH_REPEATS; r++) {
    const start = performance.now();
    await runInNode(host, config);
    seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
}
