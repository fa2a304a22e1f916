/*
 * K samples on two threads: this thread runs the first half of the sample indices, a second
 * thread (sampleThreadsNode.ts in Node, sampleThreadsBrowser.ts in a Web Worker) the rest. Each
 * sample draws from its own seeded stream and runs alone on the same kernel, so the result is
 * bit for bit the one-thread result; only whole samples cross threads (as messages: no shared
 * memory, so no cross-origin isolation needed).
 */
import {
  chunkLanes,
  effectiveCircuit,
  emptyResult,
  GradientSampler,
  type SampleResult,
  type SampleSpec,
} from './sampler';

/** Samples [start, start + count) of a K-sample run. */
export interface SampleRange {
  readonly spec: SampleSpec;
  readonly samples: number;
  readonly start: number;
  readonly count: number;
}

/** A range's gradients, grads[p·count + i] for sample start + i, and costs[i]. */
export interface RangeResult {
  readonly start: number;
  readonly count: number;
  readonly grads: Float64Array;
  readonly costs: Float64Array;
}

/** What a second thread is to this module: a range in, its result out. */
export type SampleThread = (range: SampleRange) => Promise<RangeResult>;

/** Runs one range here (the second thread's whole job). */
export function sampleRange(range: SampleRange): RangeResult {
  const sampler = new GradientSampler(
    range.spec,
    chunkLanes(range.spec.circuit.qubits, range.samples),
  );
  const part = emptyResult(sampler.paramCount, range.count);
  for (let i = 0; i < range.count; i += sampler.B) {
    const n = Math.min(sampler.B, range.count - i);
    // a range is its own K-sample result whose sample i is the run's start + i
    sampler.runChunk(i, n, part, range.start);
  }
  return { start: range.start, count: range.count, grads: part.grads, costs: part.costs };
}

/** Copies a range's samples into the K-sample result they belong to. */
export function placeRange(out: SampleResult, r: RangeResult): void {
  const K = out.samples;
  for (let p = 0; p < out.paramCount; p++) {
    out.grads.set(r.grads.subarray(p * r.count, (p + 1) * r.count), p * K + r.start);
  }
  out.costs.set(r.costs, r.start);
}

/** All K samples, the later half on `other`; the same numbers as sampleGradients. */
export async function sampleGradientsTwoThreads(
  spec: SampleSpec,
  samples: number,
  other: SampleThread,
): Promise<SampleResult> {
  const half = Math.ceil(samples / 2);
  const theirs = other({ spec, samples, start: half, count: samples - half });
  const mine = sampleRange({ spec, samples, start: 0, count: half });
  const out = emptyResult(effectiveCircuit(spec.circuit, spec.init).paramCount, samples);
  placeRange(out, mine);
  placeRange(out, await theirs);
  return out;
}
