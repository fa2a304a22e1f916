import { loadavg } from 'node:os';
import type { Browser, Page } from '@playwright/test';
import { DEFAULT_CONFIG } from '../src/model/config/config';
import { formatConfigText } from '../src/model/config/configText';
import { expect, test } from './fixtures';
import {
  cpuByThread,
  mainThreadTasks,
  summariseTask,
  type MainThreadTask,
} from '../scripts/testing/mainThreadTrace';

/*
 * The page stays responsive while it trains: no main-thread task over 50 ms (the RAIL budget for
 * a response to input) once the run is ready, for the default configuration and for four 9-qubit
 * layers (where a 688 ms freeze was seen).
 *
 * Why the assertion reads CPU time, not wall time: this machine is shared by many processes (load
 * averages of 10–25 on two cores), so the renderer's main thread is often descheduled in the
 * middle of a task, and a task of 5 ms of work can last 100 ms by the clock. The Long Tasks API
 * (PerformanceObserver 'longtask') only knows wall time, so it is recorded and printed here, with
 * the load average, but not asserted. Chrome's trace records each main-thread task's thread time
 * (`tdur`: the CPU time the thread itself spent in it), which is what our code controls and what a
 * quiet machine would show as wall time; the spec asserts on that, with the wall time beside it.
 * (A busy loop timed in the page as a baseline was the other choice; it measures the load of its
 * own moment, not of the task's, so it would not make one task's wall time trustworthy.)
 *
 * What it found (Dec 2026, load average 15–27 on two cores): the worst main-thread task while
 * training took 18–25 ms of CPU (a redraw: animation-frame callbacks, layout and paint of the
 * charts, ~6 a second from the 150 ms throttled view), also with four 9-qubit layers, configured
 * in the page or not, and through epoch ends; the same tasks lasted up to 671 ms by the clock,
 * the kind of "freeze" that was reported, all of it waiting for a core.
 */

const BUDGET_MS = 50;
const PLAY_MS = 8_000;
// Enough epochs that no run ends inside the recording (a finished run's bands may transition).
const DEFAULT_TEXT = `${formatConfigText(DEFAULT_CONFIG)};ep=100`;
const NINE_QUBITS = 'n=4;k=3,3,3,3;ep=100';

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

/**
 * Traces the page while it (optionally) takes a new configuration, as the editor does, then plays
 * it for PLAY_MS.
 */
async function recordWhilePlaying(
  page: Page,
  browser: Browser,
  reconfigure: string | null,
): Promise<{ tasks: MainThreadTask[]; workerCpuMs: number; animations: string[] }> {
  await page.evaluate(() => (window.__longTasks = []));
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'],
  });
  if (reconfigure !== null) {
    await page.evaluate(async (text) => {
      const lab = window.resqunnLab;
      const before = lab.metrics()?.runId ?? 0;
      const result = lab.configure(text);
      if (!result.ok) throw new Error(result.errors.join('; '));
      while ((lab.metrics()?.runId ?? 0) <= before || lab.state() !== 'paused')
        await new Promise((resolve) => setTimeout(resolve, 50));
    }, reconfigure);
  }
  await page.evaluate(() => window.resqunnLab.play());
  await page.waitForTimeout(PLAY_MS / 2);
  // An animation that outlasts the interval between redraws never ends while training: the page
  // then paints every frame (it did: the flow bands' stroke-width transition, see flow.css).
  const [stateMidway, animations] = await page.evaluate(
    () =>
      [
        window.resqunnLab.state(),
        document.getAnimations().map((a) => {
          const target = (a.effect as KeyframeEffect | null)?.target;
          const what =
            a instanceof CSSTransition
              ? a.transitionProperty
              : a instanceof CSSAnimation
                ? a.animationName
                : 'script';
          return `${what} on ${target?.getAttribute('class') ?? target?.tagName ?? '?'}`;
        }),
      ] as const,
  );
  expect(stateMidway, 'the run was still training when its animations were read').toBe('training');
  await page.waitForTimeout(PLAY_MS / 2);
  await page.evaluate(() => window.resqunnLab.pause());
  await page.waitForTimeout(500);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as unknown;
  const threads = cpuByThread(trace).slice(0, 8);
  console.log(
    `CPU by thread over the recording (ms): ${threads.map((t) => `${t.thread} ${t.cpuMs.toFixed(0)}`).join(', ')}`,
  );
  const workerCpuMs = threads
    .filter((t) => t.thread.startsWith('DedicatedWorker'))
    .reduce((sum, t) => sum + t.cpuMs, 0);
  return { tasks: mainThreadTasks(trace), workerCpuMs, animations };
}

for (const [name, config, reconfigure] of [
  ['the default configuration', DEFAULT_TEXT, null],
  ['four 9-qubit layers', NINE_QUBITS, null],
  ['four 9-qubit layers, configured in the open page', DEFAULT_TEXT, NINE_QUBITS],
  // The most training images (415 steps an epoch): few epoch ends in the recording, so its worker
  // CPU a step compares with scripts/measure/stepCpu.ts (at 2.4 ms a step one epoch takes ~1 s).
  ['the default circuit between epoch ends', `${DEFAULT_TEXT};train=6630`, null],
  // Sixty steps an epoch: the recording spans several epochs' ends (evaluation, accuracy charts),
  // and the 100 epochs outlast it (at 48 images, three steps an epoch, the faster L = 1 kernel
  // finished all of them in under 4 s).
  ['four 9-qubit layers through epoch ends', `${NINE_QUBITS};train=960;test=16`, null],
] as const) {
  test(`no main-thread task over ${BUDGET_MS} ms of CPU while training ${name}`, async ({
    lab,
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__longTasks?.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await lab.open(config);
    const stepsBefore =
      reconfigure === null
        ? ((await page.evaluate(() => window.resqunnLab.metrics()?.steps.length)) ?? 0)
        : 0;
    const { tasks, workerCpuMs, animations } = await recordWhilePlaying(page, browser, reconfigure);
    const stepsAfter = (await page.evaluate(() => window.resqunnLab.metrics()?.steps.length)) ?? 0;
    const longTasks = await page.evaluate(() => window.__longTasks ?? []);
    const stepMs = await page.evaluate(() => {
      const ms = (window.resqunnLab.metrics()?.steps ?? [])
        .map((s) => s.millis)
        .sort((a, b) => a - b);
      return ms.length ? ms[Math.floor(ms.length / 2)] : NaN;
    });

    const slow = tasks.filter((t) => t.cpuMs > BUDGET_MS);
    const worstCpu = Math.max(0, ...tasks.map((t) => t.cpuMs));
    const worstWall = Math.max(0, ...tasks.map((t) => t.wallMs));
    console.log(
      `${name} (${reconfigure ?? config}): ${stepsAfter - stepsBefore} steps in ${PLAY_MS} ms ` +
        `(median ${stepMs.toFixed(1)} ms a step by the worker's clock, ` +
        `${(workerCpuMs / Math.max(1, stepsAfter - stepsBefore)).toFixed(1)} ms of worker CPU a step), ` +
        `${tasks.length} main-thread tasks, worst ${worstCpu.toFixed(1)} ms CPU / ` +
        `${worstWall.toFixed(1)} ms wall; long tasks (wall, Long Tasks API): ` +
        `${longTasks.length}, worst ${Math.max(0, ...longTasks.map((t) => t.duration)).toFixed(0)} ms; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    for (const t of [...tasks].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 5))
      console.log(`  ${summariseTask(t)}`);

    expect(stepsAfter - stepsBefore, 'the run trained while it was recorded').toBeGreaterThan(0);
    expect(slow.map(summariseTask), `tasks over ${BUDGET_MS} ms of CPU`).toEqual([]);
    expect(animations, 'animations running mid-training').toEqual([]);
    expect(lab.errors).toEqual([]);
  });
}
