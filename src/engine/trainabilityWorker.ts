/*
 * The trainability lab's Web Worker: the study runs here, never on the page's thread, with a
 * second thread (a nested worker) for half of each case's samples where the machine has two
 * cores, or on the GPU (navigator.gpu in this worker) for the WebGPU backend. Its name is JSON:
 * `{"threads": 1}` keeps the study on one thread (to compare).
 */
import { browserSampleThreads } from '../sim/trainability/sampleThreadsBrowser';
import { openGpu, type GpuHandle } from '../sim/trainability/webgpu/gpuDevice';
import type { TrainabilityCommand, TrainabilityEvent } from './trainabilityProtocol';
import { createTrainabilityRunner } from './trainabilityRunner';

interface WorkerScope {
  readonly name: string;
  onmessage: ((e: MessageEvent<TrainabilityCommand>) => void) | null;
  postMessage(message: TrainabilityEvent): void;
}

const scope = globalThis as unknown as WorkerScope;
const { threads } = JSON.parse(scope.name || '{}') as { threads?: number };
const helper = browserSampleThreads(threads);
// One device for every study; a lost or failed one is replaced at the next study.
let held: GpuHandle | null = null;
async function device(): Promise<GpuHandle> {
  if (held?.failure() === null) return held;
  held = null;
  held = await openGpu();
  return held;
}
// A slice of 250 ms: the page redraws its three charts at most four times a second, and a
// cancel waits at most that long (plus one chunk, or what is left of the other thread's half of
// a case).
const runner = createTrainabilityRunner(
  {
    post: (event) => scope.postMessage(event),
    yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
    secondThread: () => helper.acquire(),
    webgpu: device,
  },
  250,
);
scope.onmessage = (e) => {
  void runner.handle(e.data);
};
