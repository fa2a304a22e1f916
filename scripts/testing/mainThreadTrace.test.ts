import { describe, expect, it } from 'vitest';
import { cpuByThread, mainThreadTasks, summariseTask } from './mainThreadTrace';

const meta = (pid: number, tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  pid,
  tid,
  ts: 0,
  args: { name },
});
const task = (
  pid: number,
  tid: number,
  ts: number,
  dur: number,
  tdur: number,
  name = 'RunTask',
) => ({
  name,
  ph: 'X',
  pid,
  tid,
  ts,
  dur,
  tdur,
});

const trace = {
  traceEvents: [
    meta(1, 10, 'CrRendererMain'),
    meta(2, 20, 'CrRendererMain'), // an idle renderer (about:blank): not the page's
    meta(1, 11, 'DedicatedWorker thread'),
    meta(3, 30, 'VizCompositorThread'),
    // A long task by the clock that was mostly waiting for a core: 300 ms wall, 12 ms CPU.
    task(1, 10, 1_000, 300_000, 12_000, 'ThreadControllerImpl::RunTask'),
    task(1, 10, 1_000, 299_000, 11_900), // the same task, nested: counted once
    { name: 'Layout', ph: 'X', pid: 1, tid: 10, ts: 2_000, dur: 5_000, tdur: 4_000 },
    {
      name: 'FunctionCall',
      ph: 'X',
      pid: 1,
      tid: 10,
      ts: 8_000,
      dur: 7_000,
      tdur: 6_000,
      args: { data: { functionName: 'draw', url: 'http://x/assets/index.js', lineNumber: 3 } },
    },
    task(1, 10, 400_000, 60_000, 55_000),
    task(2, 20, 0, 100, 50),
    task(1, 11, 0, 20_000, 18_000),
    task(3, 30, 0, 9_000, 7_000),
  ],
};

describe('mainThreadTasks', () => {
  it('reads the busiest renderer main thread, one entry per outermost task, CPU apart from wall', () => {
    const tasks = mainThreadTasks(trace);
    expect(tasks.map((t) => [t.atMs, t.wallMs, t.cpuMs])).toEqual([
      [0, 300, 12],
      [399, 60, 55],
    ]);
    expect(tasks[0].inside.map((i) => i.label)).toEqual([
      'FunctionCall(draw index.js:3)',
      'Layout',
    ]);
    expect(summariseTask(tasks[0])).toContain('12.0 ms CPU / 300.0 ms wall');
  });
});

describe('cpuByThread', () => {
  it('sums each thread name’s outermost tasks’ CPU, largest first', () => {
    expect(cpuByThread(trace)).toEqual([
      { thread: 'CrRendererMain', cpuMs: 67.05 },
      { thread: 'DedicatedWorker thread', cpuMs: 18 },
      { thread: 'VizCompositorThread', cpuMs: 7 },
    ]);
  });
});
