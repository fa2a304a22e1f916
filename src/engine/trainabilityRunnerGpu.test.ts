import { describe, expect, it } from 'vitest';
import type { GpuHandle } from '../sim/trainability/webgpu/gpuDevice';
import type { TrainabilityEvent } from './trainabilityProtocol';
import { createTrainabilityRunner, NO_WEBGPU_HERE } from './trainabilityRunner';

const ON_GPU = {
  circuit: 'mcclean',
  qubits: [2, 3, 20],
  depths: [2],
  costs: ['projector'],
  samples: 64,
  init: 'uniform',
  seed: 1,
  backend: 'webgpu',
} as const;

function host(extra: { webgpu?: () => Promise<GpuHandle> } = {}) {
  const events: TrainabilityEvent[] = [];
  return {
    events,
    runner: createTrainabilityRunner(
      {
        post: (e) => events.push(e),
        yieldNow: () => Promise.resolve(),
        now: () => performance.now(),
        ...extra,
      },
      0,
    ),
  };
}

describe('the trainability runner’s WebGPU backend', () => {
  it('a WebGPU study where there is none ends in an error that says so, before any work', async () => {
    const h = host();
    await h.runner.handle({ type: 'run', id: 1, settings: ON_GPU });
    expect(h.events).toEqual([{ type: 'error', id: 1, message: NO_WEBGPU_HERE }]);
    expect(NO_WEBGPU_HERE).toContain('Node has no WebGPU');
  });

  it('a device request that fails is named', async () => {
    const h = host({ webgpu: () => Promise.reject(new Error('WebGPU found no adapter')) });
    await h.runner.handle({ type: 'run', id: 2, settings: ON_GPU });
    expect(h.events).toEqual([
      { type: 'error', id: 2, message: 'WebGPU: WebGPU found no adapter' },
    ]);
  });

  it('checks n against the device’s limits before any work', async () => {
    const small: GpuHandle = {
      device: {} as GPUDevice,
      limits: { maxStorageBufferBindingSize: 2 ** 20, maxBufferSize: 2 ** 20 },
      description: 'a small test adapter',
      failure: () => null,
    };
    const h = host({ webgpu: () => Promise.resolve(small) });
    await h.runner.handle({ type: 'run', id: 3, settings: ON_GPU });
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      type: 'error',
      message: expect.stringMatching(
        /^n = 20 qubits needs 8 MiB per state on WebGPU .*maxStorageBufferBindingSize 1 MiB.*choose n ≤ 17, or the CPU backend$/,
      ),
    });
  });
});
