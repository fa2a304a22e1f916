import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { DEFAULT_CONFIG } from '../src/model/config/config';
import { formatConfigText } from '../src/model/config/configText';
import { expect, test } from './fixtures';

/*
 * Where the page's extra step time goes: the default circuit trains in alternating windows with
 * the page drawing as usual and with the app hidden (display: none: no layout, paint or
 * compositing; messages are still handled and stored), and the worker's own step times (its
 * clock, StepMetrics.millis) are compared. Compare with Node's step on the same threads:
 * `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/stepCpu.ts
 * 'n=2;k=2,2;d=3,3;a=basic,basic' --threads 2`.
 *
 * Measured Dec 2026 on the two-core machine (load average ~8.5), medians a step: drawing 4.9,
 * 7.6, 8.8 ms; hidden 4.0, 4.2, 4.8 ms; Node two threads 4.49 ms in the same minutes. The engine
 * in the page runs at Node's speed; the extra time was the page's drawing (renderer main thread,
 * compositor and software raster: ~230 ms of CPU a second while training, more than the training
 * thread's own) taking a core from the kernel's second thread, whose step waits for both halves.
 * Most of that drawing was a stroke-width transition of the flow bands that never ended while
 * training (flow.css); without it (load ~6.5): drawing 3.8, 3.7, 4.0 ms, hidden 3.6, 2.9, 3.6 ms
 * in one run, 5.3, 7.4, 6.7 against 3.9, 6.7, 4.3 in another; Node 4.42 ms.
 *
 * Speed is reported, not asserted (the machine is shared); the test asserts only that both kinds
 * of window trained, so that the figures it prints mean something.
 */

const WINDOW_MS = 5_000;

async function trainWindow(page: Page, hidden: boolean) {
  await page.evaluate((h) => (document.body.style.display = h ? 'none' : ''), hidden);
  const before = await page.evaluate(() => window.resqunnLab.metrics()?.steps.length ?? 0);
  await page.evaluate(() => window.resqunnLab.play());
  await page.waitForTimeout(WINDOW_MS);
  await page.evaluate(() => window.resqunnLab.pause());
  await page.evaluate(() => window.resqunnLab.waitFor(['paused', 'done']));
  return page.evaluate((from) => {
    const ms = (window.resqunnLab.metrics()?.steps ?? [])
      .slice(from)
      .map((s) => s.millis)
      .sort((a, b) => a - b);
    return { steps: ms.length, median: ms[Math.floor(ms.length / 2)] ?? NaN };
  }, before);
}

test('a training step in the page, drawing and hidden', async ({ lab, page }) => {
  test.setTimeout(300_000);
  // Many epochs of many steps (37,500): no window ends the run, even on a quiet machine where a
  // window holds ~1,500 steps; a run that ends anyway is waited for as done, not as paused.
  await lab.open(`${formatConfigText(DEFAULT_CONFIG)};train=6000;ep=100`);
  const medians = { drawing: [] as number[], hidden: [] as number[] };
  for (const hidden of [false, true, false, true, false, true]) {
    const r = await trainWindow(page, hidden);
    const kind = hidden ? 'hidden' : 'drawing';
    console.log(
      `${kind}: ${r.steps} steps in ${WINDOW_MS} ms, median ${r.median.toFixed(2)} ms a step; ` +
        `load average ${loadavg()[0].toFixed(1)}`,
    );
    expect(r.steps, `the ${kind} window trained`).toBeGreaterThan(0);
    medians[kind].push(r.median);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `median of medians: drawing ${mid(medians.drawing).toFixed(2)} ms, ` +
      `hidden ${mid(medians.hidden).toFixed(2)} ms`,
  );
  expect(lab.errors).toEqual([]);
});
