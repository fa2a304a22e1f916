/// <reference lib="webworker" />
/*
 * The SIMD kernel's second thread in the browser: a Web Worker started by the engine's worker
 * (simdThreadsBrowser.ts), running serveKernel (simdThreads.ts) over a SharedArrayBuffer.
 */
import { serveKernel } from './simdThreads';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const serve = serveKernel((m) => scope.postMessage(m));
scope.onmessage = (event: MessageEvent) => serve(event.data);
