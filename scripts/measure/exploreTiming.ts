// `npx tsx scripts/measure/exploreTiming.ts [--layers 3] [--seeds 3] [--steps 50] [--batch 16]
//   [--backend wasm] [--screenshot FILE]`
// Measures the Explore view: the sweep's wall time through window.resqunnLab.sweep, and how the
// main thread answers meanwhile: a real mouse click on the Explore tab every 500 ms (input
// event's timestamp to its handler, and to the next frame), plus the longest event-loop stall.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../testing/chromium';
import { intFlag, parseCli, runCli } from '../cli/args';
import { buildAndServe } from '../figures/browser';

const USAGE =
  'usage: npx tsx scripts/measure/exploreTiming.ts [--layers N] [--seeds K] [--steps N] [--batch N] [--backend NAME] [--screenshot FILE]';

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      layers: { type: 'string' },
      seeds: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      test: { type: 'string' },
      backend: { type: 'string' },
      screenshot: { type: 'string' },
    },
    USAGE,
  );
  const options = {
    layers: intFlag('layers', values.layers, 1, 4) ?? 3,
    seeds: intFlag('seeds', values.seeds, 1, 10) ?? 3,
    steps: intFlag('steps', values.steps, 1, 10_000) ?? 50,
    batch: intFlag('batch', values.batch, 1, 1000) ?? 16,
    test: intFlag('test', values.test, 1, 10_000) ?? 200,
  };
  const app = await buildAndServe(resolve(fileURLToPath(new URL('../..', import.meta.url))));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.url}?backend=${values.backend ?? 'wasm'}#explore`);
    await page.waitForFunction(() => window.resqunnLab?.state() === 'paused', null, {
      timeout: 120_000,
    });
    await page.evaluate(() => {
      const w = window as unknown as {
        __lat: number[];
        __frame: number[];
        __stall: number;
        __long: { at: number; ms: number }[];
      };
      w.__lat = [];
      w.__frame = [];
      w.__stall = 0;
      w.__long = [];
      // Main-thread tasks over 50 ms, to tell the page's own work from the machine's load.
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push({ at: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: false });
      const tab = [...document.querySelectorAll('[role="tab"]')].find(
        (t) => t.textContent === 'Explore',
      ) as HTMLElement;
      tab.addEventListener('click', (e) => {
        const handled = performance.now();
        w.__lat.push(handled - e.timeStamp);
        requestAnimationFrame(() => w.__frame.push(performance.now() - e.timeStamp));
      });
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        w.__stall = Math.max(w.__stall, now - last - 50);
        last = now;
      }, 50);
    });
    const started = Date.now();
    const sweep = page.evaluate((o) => window.resqunnLab.sweep(o), options);
    let done = false;
    void sweep.finally(() => (done = true));
    const tab = page.getByRole('tab', { name: 'Explore' });
    while (!done) {
      await tab.click();
      await page.waitForTimeout(500);
    }
    const rows = await sweep;
    const seconds = (Date.now() - started) / 1000;
    const m = await page.evaluate(() => {
      const w = window as unknown as {
        __lat: number[];
        __frame: number[];
        __stall: number;
        __long: { at: number; ms: number }[];
      };
      return { lat: w.__lat, frame: w.__frame, stall: w.__stall, long: w.__long };
    });
    const max = (xs: number[]) => Math.max(0, ...xs);
    const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
    const workers = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(
      JSON.stringify(
        {
          options,
          rows: rows.length,
          runs: rows.reduce((s, r) => s + r.seeds.length, 0),
          workers,
          wallSeconds: Number(seconds.toFixed(1)),
          clicks: m.lat.length,
          clickToHandlerMs: {
            max: Number(max(m.lat).toFixed(1)),
            p95: Number(p95(m.lat).toFixed(1)),
          },
          clickToFrameMs: {
            max: Number(max(m.frame).toFixed(1)),
            p95: Number(p95(m.frame).toFixed(1)),
          },
          longestStallMs: Number(m.stall.toFixed(1)),
          longTasks: {
            count: m.long.length,
            totalMs: Math.round(m.long.reduce((a, t) => a + t.ms, 0)),
            longest: [...m.long]
              .sort((a, b) => b.ms - a.ms)
              .slice(0, 5)
              .map((t) => ({ atS: Number((t.at / 1000).toFixed(1)), ms: Math.round(t.ms) })),
          },
        },
        null,
        1,
      ),
    );
    if (values.screenshot) await page.screenshot({ path: values.screenshot, fullPage: true });
  } finally {
    await browser.close();
    await app.close();
  }
}

runCli(main);
