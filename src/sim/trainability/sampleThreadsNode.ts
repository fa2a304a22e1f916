/*
 * The trainability sampler's second thread in Node (tests, CLI, bench): a worker_threads worker
 * running sampleRange (sampleThreads.ts). It loads this TypeScript file through tsx's loader API,
 * registered in the worker (loader hooks given to the parent do not reach worker threads), as
 * src/sim/cpu/simdThreadsNode.ts does for the CPU kernel.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  sampleRange,
  type RangeResult,
  type SampleRange,
  type SampleThread,
} from './sampleThreads';

/** Marks this thread: other worker threads import this file too. */
const ROLE = 'resqunn-trainability-samples';

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort;
  port.on('message', (range: SampleRange) => {
    try {
      const r = sampleRange(range);
      port.postMessage({ ok: r });
    } catch (e) {
      port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    }
  });
  port.postMessage('ready');
}

export interface NodeSampleThread {
  readonly run: SampleThread;
  /** Ends the worker (a live worker keeps Node's event loop alive otherwise). */
  close(): Promise<void>;
}

/** Starts the second thread; resolves once it has loaded. One range at a time. */
export async function startNodeSampleThread(): Promise<NodeSampleThread> {
  const boot =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { role: ROLE } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(String(m)))));
    worker.once('error', reject);
  });
  worker.unref();
  const run: SampleThread = (range) =>
    new Promise<RangeResult>((resolve, reject) => {
      worker.once('message', (m: { ok?: RangeResult; error?: string }) =>
        m.ok ? resolve(m.ok) : reject(new Error(`the sample thread failed: ${m.error}`)),
      );
      worker.postMessage(range);
    });
  return { run, close: async () => void (await worker.terminate()) };
}
