/// <reference lib="webworker" />
/*
 * The trainability sampler's second thread in the browser: a Web Worker started by the study's
 * worker (sampleThreadsBrowser.ts), running sampleRange (sampleThreads.ts) on each range sent.
 */
import { sampleRange, type SampleRange } from './sampleThreads';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<SampleRange>) => {
  try {
    const r = sampleRange(event.data);
    scope.postMessage({ ok: r }, [r.grads.buffer, r.costs.buffer]);
  } catch (e) {
    scope.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
scope.postMessage('ready');
