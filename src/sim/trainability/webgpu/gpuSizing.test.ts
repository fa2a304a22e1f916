import { describe, expect, it } from 'vitest';
import {
  chunkSamples,
  CHUNK_STATE_BYTES,
  DEFAULT_GPU_LIMITS,
  gpuMaxQubits,
  gpuStateBytes,
  groupsPerSample,
  MAX_GROUPS,
  planHostBytes,
} from './gpuSizing';

describe('WebGPU sampler sizing', () => {
  it('a state of 2ⁿ float32 complex amplitudes must fit one binding', () => {
    // the guaranteed 128 MiB binding holds 2²⁴ amplitudes of 8 bytes
    expect(gpuMaxQubits(DEFAULT_GPU_LIMITS)).toBe(24);
    // the smaller of the two limits counts
    expect(gpuMaxQubits({ maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 28 })).toBe(25);
    expect(gpuMaxQubits({ maxStorageBufferBindingSize: 2 ** 32 - 4, maxBufferSize: 2 ** 32 })).toBe(
      28,
    );
    expect(gpuStateBytes(10)).toBe(2 * 1024 * 8);
  });

  it('workgroups per sample: one per 256 pairs, capped', () => {
    expect(groupsPerSample(1)).toBe(1);
    expect(groupsPerSample(9)).toBe(1);
    expect(groupsPerSample(10)).toBe(2);
    expect(groupsPerSample(30)).toBe(MAX_GROUPS);
  });

  it('a chunk fills its state budget, stays within K and the bindings, holds one sample at least', () => {
    const L = DEFAULT_GPU_LIMITS;
    expect(chunkSamples(10, 201, 200, 200, L)).toBe(200);
    expect(chunkSamples(14, 281, 280, 200, L)).toBe(CHUNK_STATE_BYTES / (2 ** 14 * 8));
    expect(chunkSamples(24, 1201, 1200, 200, L)).toBe(1);
    expect(chunkSamples(3, 4, 3, 7, L)).toBe(7);
    // past the state budget: still one sample (the binding limit is checked before the run)
    expect(chunkSamples(26, 10, 10, 200, L)).toBe(1);
  });
});

describe('the WebGPU path’s host memory', () => {
  it('counts the plan’s float64 tables: base state and cost, whatever the depth', () => {
    expect(planHostBytes(10)).toBe(8 * 1024 * 3);
    expect(planHostBytes(1)).toBe(8 * 2 * 3);
  });
});
