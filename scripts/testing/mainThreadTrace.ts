/*
 * Reads a Chrome trace (browser.startTracing with the devtools.timeline categories) down to the
 * renderer main thread's tasks: each one's wall time, its thread (CPU) time, and the work inside
 * it that took the most CPU, named as DevTools' Performance panel names it. Used by the
 * responsiveness spec to say which task was long and why.
 */

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { name?: string; data?: Record<string, unknown> };
}

export interface MainThreadTask {
  /** Start, ms since the trace's first main-thread task. */
  readonly atMs: number;
  readonly wallMs: number;
  /** The thread's own CPU time in the task: what a quiet machine would show as wall time. */
  readonly cpuMs: number;
  /** The nested events with the most CPU time, outermost first within equal time. */
  readonly inside: readonly { label: string; cpuMs: number }[];
}

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

function label(e: TraceEvent): string {
  const data = e.args?.data ?? {};
  const fn = typeof data.functionName === 'string' ? data.functionName : '';
  const url = typeof data.url === 'string' ? data.url.replace(/^.*\//, '') : '';
  const type = typeof data.type === 'string' ? data.type : '';
  const detail = [fn, url && `${url}:${String(data.lineNumber ?? '')}`, type]
    .filter(Boolean)
    .join(' ');
  return detail ? `${e.name}(${detail})` : e.name;
}

/** The renderer main thread's tasks in `trace`: the CrRendererMain thread that worked most. */
export function mainThreadTasks(trace: unknown): MainThreadTask[] {
  const events: TraceEvent[] = Array.isArray(trace)
    ? (trace as TraceEvent[])
    : ((trace as { traceEvents: TraceEvent[] }).traceEvents ?? []);
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const key = `${e.pid}:${e.tid}`;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const work = (list: TraceEvent[]) =>
    list.filter((e) => TASK_NAMES.has(e.name)).reduce((s, e) => s + (e.tdur ?? 0), 0);
  const thread = [...byThread.values()].sort((a, b) => work(b) - work(a))[0] ?? [];
  thread.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  // Outermost task events only: a RunTask nested in a ThreadControllerImpl::RunTask is one task.
  const tasks: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of thread) {
    if (!TASK_NAMES.has(e.name) || e.ts < end) continue;
    tasks.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  const origin = tasks[0]?.ts ?? 0;
  return tasks.map((task) => {
    const stop = task.ts + (task.dur ?? 0);
    const inside = thread
      .filter((e) => e !== task && !TASK_NAMES.has(e.name) && e.ts >= task.ts && e.ts < stop)
      .map((e) => ({ label: label(e), cpuMs: (e.tdur ?? 0) / 1000 }))
      .sort((a, b) => b.cpuMs - a.cpuMs)
      .slice(0, 6);
    return {
      atMs: (task.ts - origin) / 1000,
      wallMs: (task.dur ?? 0) / 1000,
      cpuMs: (task.tdur ?? task.dur ?? 0) / 1000,
      inside,
    };
  });
}

/** One line for a report: when, how long, and what inside it took the time. */
export function summariseTask(t: MainThreadTask): string {
  const inside = t.inside.map((i) => `${i.label} ${i.cpuMs.toFixed(1)}`).join(', ');
  return `at ${t.atMs.toFixed(0)} ms: ${t.cpuMs.toFixed(1)} ms CPU / ${t.wallMs.toFixed(1)} ms wall [${inside}]`;
}

/**
 * CPU time (ms) each traced thread spent in its tasks, by thread name, largest first: what
 * competes with the training worker for the machine's cores while the page shows a run.
 */
export function cpuByThread(trace: unknown): { thread: string; cpuMs: number }[] {
  const events: TraceEvent[] = Array.isArray(trace)
    ? (trace as TraceEvent[])
    : ((trace as { traceEvents: TraceEvent[] }).traceEvents ?? []);
  const names = new Map<string, string>();
  for (const e of events)
    if (e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const totals = new Map<string, number>();
  const ends = new Map<string, number>();
  const sorted = events
    .filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  for (const e of sorted) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ts < (ends.get(key) ?? -Infinity)) continue; // nested in a task already counted
    ends.set(key, e.ts + (e.dur ?? 0));
    const name = (names.get(key) ?? 'unnamed').replace(/\d+$/, '');
    totals.set(name, (totals.get(name) ?? 0) + (e.tdur ?? 0) / 1000);
  }
  return [...totals]
    .map(([thread, cpuMs]) => ({ thread, cpuMs }))
    .sort((a, b) => b.cpuMs - a.cpuMs);
}
