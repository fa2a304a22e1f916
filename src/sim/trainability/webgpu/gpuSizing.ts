/*
 * How big the WebGPU sampler's buffers are, and what an adapter's limits allow: one state of
 * 2ⁿ complex float32 amplitudes (8 bytes each) per sample, ψ and λ in two buffers, so a single
 * sample's state must fit one storage binding; a chunk holds as many samples as fit a budget.
 */
import { WORKGROUP } from './adjointWgsl';

/** The two limits of a GPU adapter the sampler's buffers must respect. */
export interface GpuLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
}

/** WebGPU's guaranteed minimums: what any adapter gives. */
export const DEFAULT_GPU_LIMITS: GpuLimits = {
  maxStorageBufferBindingSize: 128 * 2 ** 20,
  maxBufferSize: 256 * 2 ** 20,
};

/** Bytes of one complex float32 amplitude. */
export const AMPLITUDE_BYTES = 8;
/** The most workgroups a sample's dispatch spreads over (each invocation then loops). */
export const MAX_GROUPS = 1024;
/** Bytes of ψ per chunk the sampler aims for: large enough to fill a GPU, small enough to stop soon. */
export const CHUNK_STATE_BYTES = 16 * 2 ** 20;
/** WebGPU's guaranteed maximum of workgroups per dispatch dimension. */
const MAX_DISPATCH = 65_535;

/** Bytes of state per sample on the GPU: ψ and λ, 2ⁿ amplitudes each. */
export function gpuStateBytes(n: number): number {
  return 2 * 2 ** n * AMPLITUDE_BYTES;
}

/** The largest buffer the adapter binds: the smaller of its two limits. */
export function largestBinding(limits: GpuLimits): number {
  return Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
}

/** The largest n whose one-sample state (2ⁿ amplitudes) fits a binding. */
export function gpuMaxQubits(limits: GpuLimits): number {
  let n = 1;
  while (2 ** (n + 1) * AMPLITUDE_BYTES <= largestBinding(limits)) n++;
  return n;
}

/** Workgroups per sample: one per WORKGROUP amplitude pairs, at most MAX_GROUPS. */
export function groupsPerSample(n: number): number {
  return Math.min(MAX_GROUPS, Math.max(1, Math.ceil(2 ** (n - 1) / WORKGROUP)));
}

/**
 * Samples per chunk at n qubits with `slots` gradient slots (the cost and each trainable
 * rotation) and `rows` per-sample coefficient rows, K samples in all: as many as fill
 * CHUNK_STATE_BYTES (at least one), within the binding limit for ψ, λ, the coefficients and the
 * partial sums, and within one dispatch's reach.
 */
export function chunkSamples(
  n: number,
  slots: number,
  rows: number,
  K: number,
  limits: GpuLimits,
): number {
  const state = 2 ** n * AMPLITUDE_BYTES;
  const partials = slots * groupsPerSample(n) * 4;
  const binding = largestBinding(limits);
  const S = Math.min(
    K,
    Math.floor(CHUNK_STATE_BYTES / state),
    Math.floor(binding / state),
    Math.floor(binding / partials),
    Math.floor(binding / (Math.max(1, rows) * 8)),
    MAX_DISPATCH,
    Math.floor((MAX_DISPATCH * WORKGROUP) / slots),
  );
  return Math.max(1, S);
}

/**
 * Host bytes of a circuit's compiled plan (plan.ts) on the WebGPU path, which builds it in the
 * worker as the CPU path does: three float64 tables of 2ⁿ entries, the base state (re, im) and
 * the cost. Its runs of CZ go to the GPU as qubit pairs, so depth adds no 2ⁿ table.
 */
export function planHostBytes(n: number): number {
  return 8 * 2 ** n * 3;
}
