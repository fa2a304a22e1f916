/*
 * The SIMD kernel's second thread in Node: a worker_threads worker running serveKernel
 * (simdThreads.ts). Node code only (tests, CLI, bench): the browser's is simdWorker.browser.ts.
 * The worker loads this TypeScript file through tsx's loader API (registered in the worker,
 * since loader hooks given to the parent do not reach worker threads), as every Node entry point
 * here runs through tsx.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { oneThread, setDefaultRunner } from './simdKernel';
import { initMessage, serveKernel, twoThreadRunner, type TwoThreadRunner } from './simdThreads';

/** Marks the kernel's own thread: other worker threads (the sweep's) import this file too. */
const KERNEL_ROLE = 'resqunn-simd-kernel';

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === KERNEL_ROLE) {
  const port = parentPort;
  const serve = serveKernel((m) => port.postMessage(m));
  port.on('message', serve);
}

export interface NodeKernelThreads {
  readonly runner: TwoThreadRunner;
  /** Ends the worker (a pending worker keeps Node's event loop alive otherwise). */
  close(): Promise<void>;
}

/** Starts the second thread; resolves once its kernel is instantiated. */
export async function startNodeKernelThreads(): Promise<NodeKernelThreads> {
  const boot =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { role: KERNEL_ROLE } });
  const init = initMessage();
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(String(m)))));
    worker.once('error', reject);
    worker.postMessage(init);
  });
  worker.unref();
  const runner = twoThreadRunner(worker, init);
  worker.on('exit', () => (runner.failed = true));
  return {
    runner,
    close: async () => {
      await worker.terminate();
    },
  };
}

let shared: Promise<NodeKernelThreads | null> | null = null;

/**
 * Makes two threads the default for this process (once; later calls share it), or resolves to
 * null and stays on one thread where the worker cannot start, with the reason on stderr.
 */
export function useNodeKernelThreads(): Promise<NodeKernelThreads | null> {
  shared ??= startNodeKernelThreads().then(
    (threads) => {
      setDefaultRunner(() => (threads.runner.failed ? oneThread() : threads.runner));
      return threads;
    },
    (e: unknown) => {
      process.stderr.write(`CPU kernel: one thread (the second did not start: ${String(e)})\n`);
      return null;
    },
  );
  return shared;
}
