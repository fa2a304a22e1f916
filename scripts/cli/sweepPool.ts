/*
 * The CLI's runners: N worker threads, each running whole configurations on its own engine, or
 * (N = 1) the engine in this thread. Each thread loads the TypeScript through tsx.
 */
import { Worker } from 'node:worker_threads';
import { nodeHost } from '../../src/engine/nodeHost';
import { runInNode } from '../../src/engine/nodeRunner';
import type { RunRecord } from '../../src/engine/runRecord';
import type { PairRunner } from '../../src/engine/sweepRunner';

/**
 * A thread cannot start from a .ts file (Node checks the extension before any loader hook runs
 * there), so it starts from this snippet, which registers tfjs-core's loader hook (src/sim/tf.ts
 * needs it in Node) and tsx in the thread, and then imports it.
 */
const THREAD_ENTRY = new URL('./sweepThread.ts', import.meta.url).href;
const CORE_LOADER = new URL('../runtime/tfjsCoreLoader.mjs', import.meta.url).href;
const THREAD_BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.loader)
  .then(() => import('tsx/esm/api'))
  .then(({ register }) => { register(); return import(workerData.entry); });
`;

export interface RunnerPool {
  readonly runners: PairRunner[];
  close(): Promise<void>;
}

/** `entry` is the thread's module (tests give one that fails to load). */
export function runnerPool(workers: number, entry: string = THREAD_ENTRY): RunnerPool {
  if (workers <= 1) {
    // N workers means N threads in all, as in the worker threads (sweepThread.ts): a shard that
    // Slurm gave one CPU (--cpus-per-task 1 → --workers 1) must not start a second kernel thread.
    const host = nodeHost({ threads: 1 });
    return { runners: [(text) => runInNode(host, text)], close: async () => {} };
  }
  const threads = Array.from(
    { length: workers },
    () =>
      new Worker(THREAD_BOOT, {
        eval: true,
        workerData: { entry, loader: CORE_LOADER },
      }),
  );
  let next = 0;
  let closing = false;
  const runners = threads.map((thread, index): PairRunner => {
    const waiting = new Map<number, { resolve(r: RunRecord): void; reject(e: Error): void }>();
    // A thread that failed to load or died: every run sent to it, now or later, fails with this
    // (a promise nobody settles would let the process end silently, as if the sweep had finished).
    let dead: Error | null = null;
    const die = (e: Error) => {
      dead ??= new Error(`sweep worker thread ${index + 1} stopped: ${e.message}`);
      for (const w of waiting.values()) w.reject(dead);
      waiting.clear();
    };
    thread.on('message', (m: { id: number; record?: RunRecord; error?: string }) => {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.record) w?.resolve(m.record);
      else w?.reject(new Error(m.error ?? 'the worker thread sent no record'));
    });
    thread.on('error', die);
    thread.on('exit', (code) => {
      if (!closing) die(new Error(`it exited with code ${code}`));
    });
    return (config) =>
      new Promise<RunRecord>((resolve, reject) => {
        if (dead) return reject(dead);
        const id = next++;
        waiting.set(id, { resolve, reject });
        thread.postMessage({ id, config });
      });
  });
  return {
    runners,
    close: async () => {
      closing = true;
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
