// The browser half of `npm run bench`: measures simulators on one tfjs backend, chosen by the
// query string, and leaves the result on window.__bench for the Playwright driver to read.
import { compileCircuit } from '../../src/sim/circuit/circuitProgram';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../../src/engine/backend';
import { registerBrowserBackend } from '../../src/engine/backendBrowser';
import { measureThroughput, type ThroughputSample } from './throughput';
import { simulatorFor } from '../../src/engine/simulatorChoice';
import {
  countWebgpuDispatches,
  createFusedWebgpuSimulator,
} from '../../src/sim/webgpu/webgpuKernelOp';
import type { InputGradient, QuanvSimulator } from '../../src/sim/simulator';
import { createTfjsOpSimulator } from '../../src/sim/tfjsOps/tfjsOpSimulator';
import type { BenchCase } from './cases';

/** `fused`: the fused WebGPU kernel; `ops`: the tfjs-op statevector (precise trig on webgpu). */
export type BenchSimulator = 'fused' | 'ops';

/** What the driver asks for: a simulator, and a factor on each case's window count for it. */
export interface SimulatorRequest {
  readonly simulator: BenchSimulator;
  readonly windowScale: number;
}

/** Compute dispatches of one quanv layer's forward + backward pass, per gradient semantics. */
export type DispatchCounts = Record<InputGradient, number>;

export interface SimulatorSamples {
  readonly simulator: BenchSimulator;
  readonly name: string;
  /** Whether the app's worker uses this simulator on this backend (simulatorChoice.ts). */
  readonly usedByApp: boolean;
  readonly windowScale: number;
  readonly samples: ThroughputSample[];
  /** Per case, on webgpu only (counted from the backend's dispatch recorder). */
  readonly dispatches: DispatchCounts[] | null;
}

declare global {
  interface Window {
    __bench?: { backend: string; results: SimulatorSamples[] } | { error: string };
  }
}

function create(simulator: BenchSimulator, backend: BackendName): QuanvSimulator {
  return simulator === 'fused'
    ? createFusedWebgpuSimulator()
    : createTfjsOpSimulator({ preciseTrig: backend === 'webgpu' });
}

/** Dispatches of forward + backward of one layer: ⟨Z⟩ of c.windows windows, then its gradient. */
function countDispatches(simulator: QuanvSimulator, c: BenchCase): DispatchCounts {
  const x = tf.randomUniform([c.windows, c.qubits]) as tf.Tensor2D;
  const params = tf.randomUniform([c.depth, c.qubits, 2], 0, 2 * Math.PI) as tf.Tensor3D;
  const dy = tf.onesLike(x);
  const program = compileCircuit({
    family: 'ryrz',
    qubits: c.qubits,
    depth: c.depth,
    structureSeed: 0,
  });
  const counts = {} as DispatchCounts;
  for (const semantics of ['exact', 'measured'] as const) {
    // tf.grads with an explicit dy: no loss ops of its own, every dispatch is the simulator's.
    const grads = tf.grads((w: tf.Tensor, p: tf.Tensor) =>
      simulator.expectZ(program, w as tf.Tensor2D, p as tf.Tensor3D, semantics),
    );
    const { result, dispatches } = countWebgpuDispatches(() => grads([x, params], dy));
    tf.dispose(result);
    counts[semantics] = dispatches;
  }
  tf.dispose([x, params, dy]);
  return counts;
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const backend = query.get('backend') as BackendName;
  const cases = JSON.parse(query.get('cases') ?? '[]') as BenchCase[];
  const requests = JSON.parse(
    query.get('simulators') ?? '[{"simulator":"ops","windowScale":1}]',
  ) as SimulatorRequest[];
  const choice = await chooseBackend(registerBrowserBackend, [backend]);
  const appSimulator = simulatorFor(choice.name).name;
  const results: SimulatorSamples[] = [];
  for (const { simulator: key, windowScale } of requests) {
    const simulator = create(key, choice.name);
    const samples: ThroughputSample[] = [];
    for (const c of cases) {
      const windows = c.windows * windowScale;
      samples.push(await measureThroughput(simulator, c.qubits, c.depth, windows, c.repeats));
    }
    const dispatches =
      choice.name === 'webgpu' ? cases.map((c) => countDispatches(simulator, c)) : null;
    results.push({
      simulator: key,
      name: simulator.name,
      usedByApp: simulator.name === appSimulator,
      windowScale,
      samples,
      dispatches,
    });
  }
  window.__bench = { backend: `${choice.name} ${choice.detail}`.trim(), results };
  document.getElementById('out')!.textContent = JSON.stringify(window.__bench, null, 1);
  tf.disposeVariables();
}

main().catch((e: unknown) => {
  window.__bench = { error: e instanceof Error ? e.message : String(e) };
});
