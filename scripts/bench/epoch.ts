import type { Browser } from 'playwright';
import { nodeHost } from '../../src/engine/nodeHost';
import { runInNode } from '../../src/engine/nodeRunner';
import { median } from './throughput';

/**
 * Wall times of training epochs of a configuration (docs/model.md §2's default experiment in the
 * benchmark), each run to completion by the app itself in headless Chromium, forced onto one
 * backend with `?backend=` and at full speed with `?pace=max` (the page's default teaching pace,
 * 10 steps a second, would time the pace: 3.1 s for the 32 steps). Each includes the
 * end-of-epoch train/test evaluation and excludes page load. With `warmUp`, one epoch first runs
 * untimed in the same page, as the peers run one before their clock starts (JAX compiles there,
 * V8 optimises here); each timed epoch is then a fresh run of the configuration (`configure`).
 */
export async function browserEpochSeconds(
  browser: Browser,
  appUrl: string,
  backend: string,
  config: string,
  repeats: number,
  warmUp: boolean,
): Promise<number[] | string> {
  const page = await browser.newPage();
  try {
    const query = new URLSearchParams({ backend, pace: 'max', c: config });
    await page.goto(`${appUrl}?${query}`);
    await page.waitForFunction(() => window.resqunnLab?.state() === 'paused', null, {
      timeout: 300_000,
    });
    const used = await page.evaluate(() => window.resqunnLab.backend());
    if (used !== backend) return `the app fell back to ${used}`;
    return await page.evaluate(
      async ({ config, runs, warmUp }) => {
        const lab = window.resqunnLab;
        const seconds: number[] = [];
        let steps = 0;
        for (let r = 0; r < runs; r++) {
          if (r > 0) {
            // Not playing, or the new run would start on its own before the clock.
            lab.pause();
            const answer = await lab.configure(config);
            if (!answer.ok) throw new Error(`configure refused: ${answer.errors.join('; ')}`);
            if (lab.state() !== 'paused') throw new Error(`a new run was ${lab.state()}`);
          }
          const start = performance.now();
          lab.play();
          const state = await lab.waitFor(['done', 'error'], 3_600_000);
          if (state !== 'done') throw new Error(`the run ended in state ${state}`);
          if (r > 0 || !warmUp) seconds.push((performance.now() - start) / 1000);
          // Every run trains the whole epoch: a timed run that took fewer steps timed nothing.
          const taken = lab.metrics()?.steps.length ?? 0;
          if (r === 0) steps = taken;
          if (taken === 0 || taken !== steps) throw new Error(`a run took ${taken} steps`);
        }
        return seconds;
      },
      { config, runs: repeats + (warmUp ? 1 : 0), warmUp },
    );
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
 * data loading and compiling in the peers' loops: one whole epoch first runs untimed (it loads
 * the data, starts the kernel threads and lets V8 optimise, as the peers run one before their
 * clock starts), then fresh runs of the whole epoch are timed (each builds its network, optimiser
 * and data tensors inside the time).
 */
export async function nodeEpochSeconds(config: string): Promise<number> {
  const host = nodeHost();
  await runInNode(host, config);
  const seconds: number[] = [];
  for (let r = 0; r < EPOCH_REPEATS; r++) {
    const start = performance.now();
    await runInNode(host, config);
    seconds.push((performance.now() - start) / 1000);
  }
  return median(seconds);
}
