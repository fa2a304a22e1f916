/*
 * The Trainability view's WebGPU question, in a worker of its own: whether WebGPU runs in a
 * dedicated worker here (where the studies run), with the adapter's limits, or why not. It holds
 * only the adapter request, so the page asks without loading the study's bundle. It reads
 * navigator.gpu when asked, not as it loads.
 */
import { probeGpu, type GpuReport } from '../sim/trainability/webgpu/gpuDevice';

interface ProbeScope {
  onmessage: (() => void) | null;
  postMessage(report: GpuReport): void;
}

const scope = globalThis as unknown as ProbeScope;
scope.onmessage = () => {
  void probeGpu().then((report) => scope.postMessage(report));
};
