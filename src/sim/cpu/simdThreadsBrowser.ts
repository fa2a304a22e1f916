/*
 * Two threads for the SIMD kernel in the browser (simdThreads.ts): needs SharedArrayBuffer,
 * which browsers give only to cross-origin isolated pages (served with
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`,
 * see vite.config.ts and the README). Elsewhere the kernel stays on one thread, and says why.
 */
import { oneThread, setDefaultRunner } from './simdKernel';
import { initMessage, twoThreadRunner } from './simdThreads';

/** How the CPU kernel runs here, for the backend panel. */
export interface KernelThreading {
  readonly threads: 1 | 2;
  /** Why one thread, in words a user can act on; empty with two. */
  readonly reason: string;
}

let started: Promise<KernelThreading> | null = null;

/** Starts the second thread once per worker and makes it the default; never rejects. */
export function useBrowserKernelThreads(): Promise<KernelThreading> {
  started ??= start();
  return started;
}

async function start(): Promise<KernelThreading> {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
    return {
      threads: 1,
      reason:
        'the page is not cross-origin isolated, so it cannot share memory between threads ' +
        '(its server must send Cross-Origin-Opener-Policy: same-origin and ' +
        'Cross-Origin-Embedder-Policy: require-corp)',
    };
  }
  try {
    const worker = new Worker(new URL('./simdWorker.browser.ts', import.meta.url), {
      type: 'module',
      name: 'cpu-kernel',
    });
    const init = initMessage();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('it did not start within 20 s')), 20_000);
      worker.onmessage = (e) => {
        clearTimeout(timer);
        if (e.data === 'ready') resolve();
        else reject(new Error(String(e.data)));
      };
      worker.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(e.message || 'it failed to load'));
      };
      worker.postMessage(init);
    });
    const runner = twoThreadRunner(worker, init);
    worker.onerror = () => (runner.failed = true);
    setDefaultRunner(() => (runner.failed ? oneThread() : runner));
    return { threads: 2, reason: '' };
  } catch (e) {
    return {
      threads: 1,
      reason: `the second kernel thread did not start (${e instanceof Error ? e.message : String(e)})`,
    };
  }
}
