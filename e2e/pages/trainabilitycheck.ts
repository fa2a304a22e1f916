// The browser half of e2e/trainabilityWebgpu.spec.ts: the WebGPU adjoint sampler
// (src/sim/trainability/webgpu/) against the CPU sampler (WebAssembly SIMD, float64) on the same
// samples, in one page. Served by a Vite dev server the spec starts; the page leaves its two
// entry points on window.__tcheck.
import type { Cost } from '../../src/sim/trainability/costs';
import type { TCircuit } from '../../src/sim/trainability/circuit';
import { buildCircuit, type CircuitChoice } from '../../src/sim/trainability/presets';
import { randomCircuit, randomLayeredCircuit } from '../../src/sim/trainability/randomCircuits';
import {
  emptyResult,
  sampleGradients,
  type ChunkSampler,
  type Init,
  type SampleResult,
  type SampleSpec,
} from '../../src/sim/trainability/sampler';
import { openGpu, type GpuHandle } from '../../src/sim/trainability/webgpu/gpuDevice';
import { WebgpuSampler } from '../../src/sim/trainability/webgpu/webgpuSampler';
import { maxError } from './maxError';

export interface CheckCircuit {
  /** A preset or family, or 'random' / 'layered' (randomCircuits.ts: every gate kind). */
  readonly circuit: CircuitChoice | 'random-gates' | 'random-layered';
  readonly qubits: number;
  readonly depth: number;
  readonly cost: Cost;
  readonly init: Init;
  readonly samples: number;
}

export interface CheckResult {
  readonly label: string;
  readonly paramCount: number;
  /** The most samples a GPU chunk holds. */
  readonly chunk: number;
  /**
   * Largest |gpu − cpu| over every gradient and over the costs (maxError: every cost and
   * gradient is bounded by 1, so the error is absolute).
   */
  readonly gradError: number;
  readonly costError: number;
  /** Largest |cpu| gradient: the scale (real gradients, not zeros agreeing). */
  readonly gradScale: number;
  /** Milliseconds per sample on each (the GPU's after a first, compiling, run). */
  readonly gpuMs: number;
  readonly cpuMs: number;
}

declare global {
  interface Window {
    __tcheck?: {
      readonly adapter: string;
      compare(c: CheckCircuit): Promise<CheckResult>;
      /** A sampler whose device is then destroyed: what its next chunk says. */
      lost(): Promise<string>;
    };
    __tcheckError?: string;
  }
}

function circuitOf(c: CheckCircuit): TCircuit {
  if (c.circuit === 'random-gates') return randomCircuit(c.qubits, 6 * c.depth, 31 + c.qubits);
  if (c.circuit === 'random-layered') return randomLayeredCircuit(c.qubits, c.depth, 7 + c.qubits);
  return buildCircuit(c.circuit, c.qubits, c.depth, 5);
}

async function runAll(sampler: ChunkSampler, K: number): Promise<SampleResult> {
  const out = emptyResult(sampler.paramCount, K);
  // B may change after each chunk (webgpuSampler.ts: chunks sized by their time)
  for (let start = 0; start < K;) {
    const count = Math.min(sampler.B, K - start);
    await sampler.runChunk(start, count, out);
    start += count;
  }
  return out;
}

async function compare(gpu: GpuHandle, c: CheckCircuit): Promise<CheckResult> {
  const spec: SampleSpec = { circuit: circuitOf(c), cost: c.cost, init: c.init, seed: 1234 };
  let started = performance.now();
  const cpu = sampleGradients(spec, c.samples);
  const cpuMs = (performance.now() - started) / c.samples;
  const sampler = new WebgpuSampler(gpu, spec, c.samples);
  await runAll(sampler, 1); // compiles the shaders
  started = performance.now();
  const out = await runAll(sampler, c.samples);
  const gpuMs = (performance.now() - started) / c.samples;
  sampler.destroy();
  return {
    label: `${c.circuit} n=${c.qubits} L=${c.depth} ${c.cost} ${c.init}`,
    paramCount: out.paramCount,
    chunk: sampler.capacity,
    gradError: maxError(out.grads, cpu.grads),
    costError: maxError(out.costs, cpu.costs),
    gradScale: cpu.grads.reduce((m, g) => Math.max(m, Math.abs(g)), 0),
    gpuMs,
    cpuMs,
  };
}

async function lost(): Promise<string> {
  const own = await openGpu();
  const spec: SampleSpec = {
    circuit: circuitOf(CIRCUIT_FOR_LOSS),
    cost: 'global',
    init: 'uniform',
    seed: 1,
  };
  const sampler = new WebgpuSampler(own, spec, 4);
  await runAll(sampler, 4);
  own.device.destroy();
  try {
    await runAll(sampler, 4);
    return 'no error';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const CIRCUIT_FOR_LOSS: CheckCircuit = {
  circuit: 'mcclean',
  qubits: 3,
  depth: 2,
  cost: 'global',
  init: 'uniform',
  samples: 4,
};

async function main(): Promise<void> {
  const out = document.getElementById('out') as HTMLElement;
  // openGpu rejects with the same reason a probe would give.
  const gpu = await openGpu();
  window.__tcheck = { adapter: gpu.description, compare: (c) => compare(gpu, c), lost };
  out.textContent = `ready on ${gpu.description}`;
}

main().catch((e: unknown) => {
  window.__tcheckError = e instanceof Error ? e.message : String(e);
});
