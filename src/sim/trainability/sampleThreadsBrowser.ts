/*
 * The trainability sampler's second thread in the browser: the study's Web Worker starts one
 * more worker (a nested worker) and sends it the later half of each case's samples as a message
 * (sampleThreads.ts; no shared memory, so no cross-origin isolation needed). With one core, or
 * when asked for one thread, or where the helper does not start, the study runs on one thread
 * and says why (sampleHelper.ts).
 */
import { sampleHelperKeeper, type SampleHelper, type SampleHelperKeeper } from './sampleHelper';
import type { RangeResult } from './sampleThreads';

/** Starts the helper worker; resolves once it has loaded, rejects if it fails to. */
export function startBrowserSampleThread(): Promise<SampleHelper> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./sampleWorker.browser.ts', import.meta.url), {
        type: 'module',
        name: 'trainability-samples',
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    // its ranges in order: a worker answers its messages one after another
    const waiting: { resolve(r: RangeResult): void; reject(e: Error): void }[] = [];
    let broken: Error | null = null;
    const fail = (e: Error) => {
      broken = e;
      for (const w of waiting.splice(0)) w.reject(e);
      worker.terminate();
      reject(e);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(new Error(e.message || 'the helper worker failed to load'));
    };
    worker.onmessageerror = () =>
      fail(new Error('a message from the helper worker was unreadable'));
    worker.onmessage = (e: MessageEvent<'ready'>) => {
      if (e.data !== 'ready') return fail(new Error(`the helper worker said ${String(e.data)}`));
      worker.onmessage = (m: MessageEvent<{ ok?: RangeResult; error?: string }>) => {
        const w = waiting.shift();
        if (m.data.ok) w?.resolve(m.data.ok);
        else w?.reject(new Error(`the sample thread failed: ${m.data.error}`));
      };
      resolve({
        run: (range) =>
          new Promise((resolveRange, rejectRange) => {
            if (broken) return rejectRange(broken);
            waiting.push({ resolve: resolveRange, reject: rejectRange });
            worker.postMessage(range);
          }),
        close: () => worker.terminate(),
      });
    };
  });
}

/**
 * The second thread as the study's worker keeps it: none where `threads` asks for one or the
 * machine reports one core (navigator.hardwareConcurrency).
 */
export function browserSampleThreads(threads?: number): SampleHelperKeeper {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const oneThread =
    threads === 1
      ? 'one thread was asked for'
      : cores < 2
        ? `the machine reports ${cores} core`
        : null;
  return sampleHelperKeeper(startBrowserSampleThread, { oneThread });
}
