import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeGpu } from '../trainability/webgpu/gpuDevice';
import { NO_ADAPTER, NO_NAVIGATOR_GPU, requestGpuAdapter } from './gpuAdapter';

const stubGpu = (requestAdapter: () => Promise<object | null>) =>
  vi.stubGlobal('navigator', { gpu: { requestAdapter } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requestGpuAdapter', () => {
  it('gives the adapter navigator.gpu finds', async () => {
    const found = { info: { vendor: 'test' } };
    stubGpu(async () => found);
    expect(await requestGpuAdapter()).toEqual({ adapter: found, reason: null });
  });

  it('says why there is none: no navigator.gpu, no adapter, a failed or unanswered request', async () => {
    vi.stubGlobal('navigator', {});
    expect((await requestGpuAdapter()).reason).toBe(NO_NAVIGATOR_GPU);
    stubGpu(async () => null);
    expect((await requestGpuAdapter()).reason).toBe(NO_ADAPTER);
    stubGpu(async () => {
      throw new Error('adapter blocked by policy');
    });
    expect((await requestGpuAdapter()).reason).toBe(
      'WebGPU adapter request failed: adapter blocked by policy',
    );
    stubGpu(() => new Promise(() => undefined));
    expect((await requestGpuAdapter(20)).reason).toBe(
      'WebGPU adapter request failed: it did not answer within 0.02 s',
    );
  });

  it('the trainability probe gives the same reason, and that the CPU backend remains', async () => {
    stubGpu(async () => null);
    expect(await probeGpu()).toEqual({
      available: false,
      reason: `${NO_ADAPTER}; or choose the CPU backend`,
    });
  });
});
