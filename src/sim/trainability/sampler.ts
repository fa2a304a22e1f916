/*
 * K random samples of a circuit's gradient: every sample draws its parameters (the
 * initialisation), its inputs and its random gate axes from its own seeded stream, so a sample's
 * gradient does not depend on the chunk size or on how the work is split.
 */
import { deriveSeed, mulberry32 } from '../../util/prng';
import { adjointChunk, AdjointWorkspace, type LaneInputs } from './adjoint';
import { withIdentityBlocks, type TCircuit } from './circuit';
import { costTable, type Cost } from './costs';
import { compilePlan, type Plan } from './plan';
import { WasmAdjoint } from './wasmAdjoint';

export const INITS = ['uniform', 'small', 'identity'] as const;
export type Init = (typeof INITS)[number];

/** The half-width of the small-angle initialisation, θ uniform in [−ε, ε] (radians). */
export const SMALL_ANGLE = 0.1;

export interface SampleSpec {
  readonly circuit: TCircuit;
  readonly cost: Cost;
  readonly init: Init;
  readonly seed: number;
}

/** Every sample's gradient: grads[p·K + sample]; costs[sample]. */
export interface SampleResult {
  readonly paramCount: number;
  readonly samples: number;
  readonly grads: Float64Array;
  readonly costs: Float64Array;
}

/**
 * Which simulator runs the samples: 'wasm' (WebAssembly SIMD, one sample at a time, where the
 * runtime has it, else the JS lanes), or 'js' (the lane kernels, B samples at a time).
 */
export type SamplerKernel = 'wasm' | 'js';

/** Lanes per chunk: enough samples side by side for a tight inner loop, few enough to stay in cache. */
export function chunkLanes(n: number, samples: number): number {
  const byMemory = Math.max(4, Math.floor(2 ** 15 / 2 ** n));
  return Math.max(1, Math.min(samples, byMemory, 64));
}

/** The circuit that is simulated: with init 'identity', its layers pair into identity blocks. */
export function effectiveCircuit(circuit: TCircuit, init: Init): TCircuit {
  return init === 'identity' ? withIdentityBlocks(circuit) : circuit;
}

/**
 * What the study asks of a sampler, whichever simulator runs it (this file's CPU kernels, or
 * webgpu/webgpuSampler.ts): B samples per chunk at most, each chunk's gradients and costs into a
 * K-sample result.
 */
export interface ChunkSampler {
  readonly B: number;
  readonly paramCount: number;
  runChunk(start: number, count: number, out: SampleResult, first?: number): void | Promise<void>;
}

/**
 * Sample `sample`'s parameters (the initialisation), inputs and random gate axes, from its own
 * seeded stream, into lane `lane` of `lanes` (B wide). Every simulator draws through this one.
 */
export function drawSample(
  spec: SampleSpec,
  plan: Plan,
  lanes: LaneInputs,
  B: number,
  sample: number,
  lane: number,
): void {
  const random = mulberry32(deriveSeed(spec.seed, sample));
  const { angles, inputs, axes } = lanes;
  const paramCount = plan.paramCount;
  for (let p = 0; p < paramCount; p++) {
    const u = random();
    angles[p * B + lane] = spec.init === 'small' ? SMALL_ANGLE * (2 * u - 1) : 2 * Math.PI * u;
  }
  for (let p = 0; p < paramCount; p++) {
    const partner = plan.mirrorOf[p];
    if (partner >= 0) angles[p * B + lane] = -angles[partner * B + lane];
  }
  for (let q = 0; q < plan.n; q++) inputs[q * B + lane] = random();
  for (let a = 0; a < plan.axisKeys; a++)
    axes[a * B + lane] = Math.min(2, Math.floor(3 * random()));
}

/** The lane inputs of B samples, for `plan`. */
export function laneInputs(plan: Plan, B: number): LaneInputs {
  return {
    angles: new Float64Array(plan.paramCount * B),
    inputs: new Float64Array(plan.n * B),
    axes: new Uint8Array(plan.axisKeys * B),
  };
}

export class GradientSampler implements ChunkSampler {
  readonly plan: Plan;
  readonly paramCount: number;
  private readonly d: Float64Array;
  /** The JS lanes' states (4·2ⁿ·B doubles), made only when they run. */
  private ws: AdjointWorkspace | null = null;
  private readonly lanes: LaneInputs;
  private readonly chunkGrads: Float64Array;
  private readonly chunkCosts: Float64Array;
  private readonly wasm: WasmAdjoint | null;

  constructor(
    private readonly spec: SampleSpec,
    readonly B: number,
    kernel: SamplerKernel = 'wasm',
  ) {
    const circuit = effectiveCircuit(spec.circuit, spec.init);
    this.plan = compilePlan(circuit);
    this.paramCount = circuit.paramCount;
    this.d = costTable(spec.cost, circuit.qubits);
    this.lanes = laneInputs(this.plan, B);
    this.chunkGrads = new Float64Array(this.paramCount * B);
    this.chunkCosts = new Float64Array(B);
    this.wasm = kernel === 'wasm' ? WasmAdjoint.create(this.plan, this.d) : null;
  }

  /** Whether the samples run on the WebAssembly SIMD kernel. */
  get simd(): boolean {
    return this.wasm !== null;
  }

  private draw(sample: number, lane: number): void {
    drawSample(this.spec, this.plan, this.lanes, this.B, sample, lane);
  }

  /**
   * Samples first + [start, start + count) (count ≤ B) into `out` at [start, start + count):
   * `out` is K samples long, and first is where it begins in the run (0 unless it is a thread's
   * share, sampleThreads.ts).
   */
  runChunk(start: number, count: number, out: SampleResult, first = 0): void {
    const { B, paramCount } = this;
    const K = out.samples;
    if (this.wasm) {
      const grads = this.chunkGrads.subarray(0, paramCount);
      for (let lane = 0; lane < count; lane++) {
        this.draw(first + start + lane, lane);
        out.costs[start + lane] = this.wasm.run(this.lanes, B, lane, grads);
        for (let p = 0; p < paramCount; p++) out.grads[p * K + start + lane] = grads[p];
      }
      return;
    }
    for (let lane = 0; lane < B; lane++) this.draw(first + start + Math.min(lane, count - 1), lane);
    this.ws ??= new AdjointWorkspace(this.plan.dim, B);
    adjointChunk(this.plan, this.d, this.lanes, this.ws, this.chunkGrads, this.chunkCosts);
    for (let p = 0; p < paramCount; p++) {
      for (let lane = 0; lane < count; lane++)
        out.grads[p * K + start + lane] = this.chunkGrads[p * B + lane];
    }
    for (let lane = 0; lane < count; lane++) out.costs[start + lane] = this.chunkCosts[lane];
  }
}

export function emptyResult(paramCount: number, samples: number): SampleResult {
  return {
    paramCount,
    samples,
    grads: new Float64Array(paramCount * samples),
    costs: new Float64Array(samples),
  };
}

/** All K samples in one call (tests, the CLI, the bench). */
export function sampleGradients(
  spec: SampleSpec,
  samples: number,
  lanes?: number,
  kernel: SamplerKernel = 'wasm',
): SampleResult {
  const B = lanes ?? chunkLanes(spec.circuit.qubits, samples);
  const sampler = new GradientSampler(spec, B, kernel);
  const out = emptyResult(sampler.paramCount, samples);
  for (let start = 0; start < samples; start += B) {
    sampler.runChunk(start, Math.min(B, samples - start), out);
  }
  return out;
}
