/// <reference types="@webgpu/types" />
/*
 * The WebGPU adjoint sampler: the same plan, cost table and per-sample draw as the CPU sampler
 * (sampler.ts), the same SampleResult, float32 on the GPU. A chunk of S samples holds ψ and λ
 * (S·2ⁿ amplitudes each); its work is one command encoder, one compute pass: ψ = base, one
 * dispatch per gate forward, λ = d ⊙ ψ with C, one dispatch per gate backward (a trainable
 * rotation's dispatch writes each workgroup's partial sum of its gradient), one reduction of
 * every (slot, sample)'s partials, then a single read-back. Gradients of a parameter that occurs at several
 * rotations add up, in float64 on the host.
 */
import { costTable } from '../costs';
import { compilePlan, type Plan } from '../plan';
import {
  drawSample,
  effectiveCircuit,
  laneInputs,
  type ChunkSampler,
  type SampleResult,
  type SampleSpec,
} from '../sampler';
import type { LaneInputs } from '../adjoint';
import { WORKGROUP, type ModuleName } from './adjointWgsl';
import { errorText } from '../../../util/errorText';
import { formatBytes } from '../../../util/formatBytes';
import type { GpuHandle } from './gpuDevice';
import { AMPLITUDE_BYTES, chunkSamples, groupsPerSample } from './gpuSizing';
import { fillRows, gpuSteps, RECORD_BYTES, RECORD_STRIDE, type GpuSteps } from './gpuSteps';
import { gpuPipelines, type GpuPipelines } from './gpuPipelines';

// GPUBufferUsage's flags, spelled out: the module loads where WebGPU is absent (Node, tests)
const { STORAGE, COPY_DST, COPY_SRC, UNIFORM, MAP_READ } = {
  STORAGE: 0x80,
  COPY_DST: 0x8,
  COPY_SRC: 0x4,
  UNIFORM: 0x40,
  MAP_READ: 0x1,
};

/**
 * The wall time a chunk aims at: a chunk is one submit, so this bounds how long a cancel waits
 * and keeps a slow (software) GPU's submits far from the browser's GPU watchdog.
 */
const CHUNK_TARGET_MS = 250;

export class WebgpuSampler implements ChunkSampler {
  readonly plan: Plan;
  readonly paramCount: number;
  /** The most samples a chunk holds (the buffers' S). */
  readonly capacity: number;
  /**
   * Samples in the next chunk: from one, doubled while chunks take under half CHUNK_TARGET_MS,
   * halved past twice it (each sample's numbers do not depend on it).
   */
  B = 1;
  /** Workgroups per sample per dispatch. */
  readonly groups: number;
  private readonly steps: GpuSteps;
  private readonly lanes: LaneInputs;
  private readonly coefs: Float32Array<ArrayBuffer>;
  private readonly axes: Uint32Array<ArrayBuffer>;
  private readonly buf: Record<
    | 'psi'
    | 'lam'
    | 'coefs'
    | 'axes'
    | 'masks'
    | 'records'
    | 'base'
    | 'cost'
    | 'partials'
    | 'sums'
    | 'readback',
    GPUBuffer
  >;
  private readonly pipes: GpuPipelines;
  private readonly groupsFor: Record<
    'gates-psi' | 'gates-lam' | 'gradient' | 'start' | 'reduce',
    GPUBindGroup
  >;
  /** The errors (validation, out of memory) of making the buffers, read before the first chunk. */
  private readonly made: Promise<[GPUError | null, GPUError | null]>;

  constructor(
    private readonly gpu: GpuHandle,
    private readonly spec: SampleSpec,
    samples: number,
  ) {
    const circuit = effectiveCircuit(spec.circuit, spec.init);
    const plan = (this.plan = compilePlan(circuit));
    this.paramCount = plan.paramCount;
    const steps = (this.steps = gpuSteps(plan));
    const slots = steps.slotParam.length;
    const rows = Math.max(1, steps.rows.length);
    const n = plan.n;
    const S = (this.capacity = chunkSamples(n, slots, rows, samples, gpu.limits));
    this.groups = groupsPerSample(n);
    this.lanes = laneInputs(plan, S);
    this.coefs = new Float32Array(2 * rows * S);
    this.axes = new Uint32Array(rows * S);
    const { device } = gpu;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const make = (size: number, usage: number) =>
      device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage });
    const stateBytes = S * plan.dim * AMPLITUDE_BYTES;
    this.buf = {
      psi: make(stateBytes, STORAGE),
      lam: make(stateBytes, STORAGE),
      coefs: make(this.coefs.byteLength, STORAGE | COPY_DST),
      axes: make(this.axes.byteLength, STORAGE | COPY_DST),
      masks: make(steps.masks.byteLength, STORAGE | COPY_DST),
      records: make(steps.records.byteLength, UNIFORM | COPY_DST),
      base: make(plan.dim * AMPLITUDE_BYTES, STORAGE | COPY_DST),
      cost: make(plan.dim * 4, STORAGE | COPY_DST),
      partials: make(slots * S * this.groups * 4, STORAGE),
      sums: make(slots * S * 4, STORAGE | COPY_SRC),
      readback: make(slots * S * 4, MAP_READ | COPY_DST),
    };
    const base = new Float32Array(2 * plan.dim);
    for (let i = 0; i < plan.dim; i++) {
      base[2 * i] = plan.baseRe[i];
      base[2 * i + 1] = plan.baseIm[i];
    }
    const q = device.queue;
    q.writeBuffer(this.buf.base, 0, base);
    q.writeBuffer(this.buf.cost, 0, Float32Array.from(costTable(spec.cost, n)));
    q.writeBuffer(this.buf.masks, 0, steps.masks);
    q.writeBuffer(this.buf.records, 0, steps.records);
    this.pipes = gpuPipelines(device, plan.dim, S, this.groups);
    const b = this.buf;
    const group = (name: ModuleName, buffers: GPUBuffer[]) =>
      device.createBindGroup({
        layout: this.pipes.layouts[name],
        entries: buffers.map((buffer, binding) =>
          buffer === b.records
            ? { binding, resource: { buffer, size: RECORD_BYTES } }
            : { binding, resource: { buffer } },
        ),
      });
    this.groupsFor = {
      'gates-psi': group('gates', [b.psi, b.coefs, b.axes, b.masks, b.records]),
      'gates-lam': group('gates', [b.lam, b.coefs, b.axes, b.masks, b.records]),
      gradient: group('gradient', [b.psi, b.lam, b.coefs, b.axes, b.records, b.partials]),
      start: group('start', [b.psi, b.lam, b.base, b.cost, b.partials]),
      reduce: group('reduce', [b.partials, b.sums]),
    };
    const validation = device.popErrorScope();
    const memory = device.popErrorScope();
    this.made = Promise.all([validation, memory]);
  }

  /** Samples first + [start, start + count) (count ≤ B) into `out` at [start, start + count). */
  async runChunk(start: number, count: number, out: SampleResult, first = 0): Promise<void> {
    const { device } = this.gpu;
    const [invalid, memory] = await this.made;
    if (memory) throw new Error(this.outOfMemory(memory.message));
    if (invalid) throw new Error(this.refused(invalid.message));
    this.throwIfFailed();
    const S = this.capacity;
    const started = performance.now();
    for (let lane = 0; lane < count; lane++)
      drawSample(this.spec, this.plan, this.lanes, S, first + start + lane, lane);
    fillRows(this.steps.rows, this.lanes, S, count, S, this.coefs, this.axes);
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    device.queue.writeBuffer(this.buf.coefs, 0, this.coefs);
    device.queue.writeBuffer(this.buf.axes, 0, this.axes);
    this.encode(count);
    const invalidRun = device.popErrorScope();
    const memoryRun = device.popErrorScope();
    try {
      await this.buf.readback.mapAsync(1 /* GPUMapMode.READ */);
    } catch (e) {
      // a lost device rejects the mapping: its own reason says more than the rejection
      await new Promise((resolve) => setTimeout(resolve, 0));
      throw new Error(this.failed(this.gpu.failure() ?? errorText(e)), { cause: e });
    }
    const sums = new Float32Array(this.buf.readback.getMappedRange().slice(0));
    this.buf.readback.unmap();
    const [badRun, oomRun] = await Promise.all([invalidRun, memoryRun]);
    if (oomRun) throw new Error(this.outOfMemory(oomRun.message));
    if (badRun) throw new Error(this.refused(badRun.message));
    this.throwIfFailed();
    const K = out.samples;
    const { slotParam } = this.steps;
    for (let lane = 0; lane < count; lane++) {
      out.costs[start + lane] = sums[lane];
      for (let slot = 1; slot < slotParam.length; slot++)
        out.grads[slotParam[slot] * K + start + lane] = 0;
      for (let slot = 1; slot < slotParam.length; slot++)
        out.grads[slotParam[slot] * K + start + lane] += sums[slot * S + lane];
    }
    const ms = performance.now() - started;
    if (ms < CHUNK_TARGET_MS / 2 && count === this.B) this.B = Math.min(S, 2 * this.B);
    else if (ms > 2 * CHUNK_TARGET_MS) this.B = Math.max(1, this.B >> 1);
  }

  /** The work of a chunk's first `S` samples: one encoder, one pass, one copy to read back. */
  private encode(S: number): void {
    const { device } = this.gpu;
    const { pipes, groupsFor, groups } = this;
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipes.entries.load);
    pass.setBindGroup(0, groupsFor.start);
    pass.dispatchWorkgroups(groups, S);
    const run = (list: GpuSteps['forward']) => {
      for (const d of list) {
        pass.setPipeline(pipes.entries[d.entry]);
        const bindings =
          d.state === 'both'
            ? groupsFor.gradient
            : groupsFor[d.state === 'psi' ? 'gates-psi' : 'gates-lam'];
        pass.setBindGroup(0, bindings, [d.record * RECORD_STRIDE]);
        pass.dispatchWorkgroups(groups, S);
      }
    };
    run(this.steps.forward);
    pass.setPipeline(pipes.entries.costs);
    pass.setBindGroup(0, groupsFor.start);
    pass.dispatchWorkgroups(groups, S);
    run(this.steps.backward);
    pass.setPipeline(pipes.entries.reduce);
    pass.setBindGroup(0, groupsFor.reduce);
    pass.dispatchWorkgroups(Math.ceil((this.steps.slotParam.length * this.capacity) / WORKGROUP));
    pass.end();
    encoder.copyBufferToBuffer(this.buf.sums, 0, this.buf.readback, 0, this.buf.sums.size);
    device.queue.submit([encoder.finish()]);
  }

  /** Lets go of the GPU buffers (the study makes a sampler per case). */
  destroy(): void {
    for (const b of Object.values(this.buf)) b.destroy();
  }

  private throwIfFailed(): void {
    const failure = this.gpu.failure();
    if (failure) throw new Error(this.failed(failure));
  }

  private failed(what: string): string {
    return `WebGPU failed: ${what.replace(/\.+$/, '')}. Run the study again to get a new GPU device (reload the page if it fails again), or choose the CPU backend`;
  }

  private outOfMemory(what: string): string {
    return `the GPU ran out of memory at n = ${this.plan.n} (ψ and λ of ${this.capacity} samples, ${formatBytes(this.buf.psi.size * 2)}: ${what}): choose a smaller n, or the CPU backend`;
  }

  private refused(what: string): string {
    return `the GPU refused the sampler's work (${what}): choose the CPU backend, and please report this`;
  }
}
