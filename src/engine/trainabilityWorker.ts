/*
 * The trainability lab's Web Worker: the study runs here, never on the page's thread.
 */
import type { TrainabilityCommand, TrainabilityEvent } from './trainabilityProtocol';
import { createTrainabilityRunner } from './trainabilityRunner';

interface WorkerScope {
  onmessage: ((e: MessageEvent<TrainabilityCommand>) => void) | null;
  postMessage(message: TrainabilityEvent): void;
}

const scope = globalThis as unknown as WorkerScope;
// A slice of 250 ms: the page redraws its three charts at most four times a second, and a
// cancel waits at most that long (plus one chunk).
const runner = createTrainabilityRunner(
  {
    post: (event) => scope.postMessage(event),
    yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
  },
  250,
);
scope.onmessage = (e) => {
  void runner.handle(e.data);
};
