import * as tf from '../sim/tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  chooseBackend,
  describeBackend,
  isSoftwareRenderer,
  softwareGpuReason,
  type BackendName,
  type BackendRegistrar,
  type ChooseOptions,
} from './backend';
import { nodeHost, quietTfjs } from './nodeHost';

/** A registrar that refuses the backends in `refuse` (with that reason) and accepts the rest. */
function registrar(refuse: Partial<Record<BackendName, string>>) {
  const asked: [BackendName, ChooseOptions][] = [];
  const register: BackendRegistrar = async (name, options) => {
    asked.push([name, options]);
    return refuse[name] ?? null;
  };
  return { register, asked };
}

/** Pretends to be a browser with navigator.gpu whose adapter is `adapter` (or throws). */
function stubGpu(requestAdapter: () => Promise<object | null>): void {
  vi.stubGlobal('navigator', { gpu: { requestAdapter } });
}

beforeAll(async () => {
  quietTfjs();
  await tf.setBackend('cpu');
});

afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await tf.setBackend('cpu');
});

describe('chooseBackend', () => {
  it('records why each backend was passed over and picks cpu', async () => {
    const { register, asked } = registrar({
      webgl: 'WebGL needs a browser',
      wasm: 'the wasm binary is missing',
    });
    const choice = await chooseBackend(register);
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.detail).toBe('');
    expect(choice.fallbacks.map((f) => f.backend)).toEqual(['webgpu', 'webgl', 'wasm']);
    // Node has no navigator.gpu: the WebGPU probe refuses before the registrar is asked.
    expect(choice.fallbacks[0].reason).toMatch(/^WebGPU is not available here \(navigator\.gpu/);
    expect(choice.fallbacks.slice(1).map((f) => f.reason)).toEqual([
      'WebGL needs a browser',
      'the wasm binary is missing',
    ]);
    expect(asked).toEqual([
      ['webgl', { skipSoftwareGpu: false }],
      ['wasm', { skipSoftwareGpu: false }],
      ['cpu', { skipSoftwareGpu: false }],
    ]);
  });

  it('passes over a backend that fails to start, and one whose first computation fails', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // tfjs warns about webgl in Node
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // 'wasm' registers as a backend without kernels: its smoke-test matMul throws.
    const register: BackendRegistrar = async (name) => {
      if (name === 'wasm')
        tf.registerBackend('wasm', () => tf.findBackend('cpu') as tf.KernelBackend);
      return null;
    };
    try {
      const choice = await chooseBackend(register, ['webgl', 'wasm', 'cpu']);
      expect(choice.name).toBe('cpu');
      expect(tf.getBackend()).toBe('cpu');
      const [webgl, wasm] = choice.fallbacks;
      expect(webgl.backend).toBe('webgl');
      expect(webgl.reason).toMatch(/^it failed to start/);
      expect(wasm.backend).toBe('wasm');
      expect(wasm.reason).toMatch(/^its first computation failed: .*BatchMatMul/);
      expect(choice.fallbacks).toHaveLength(2);
    } finally {
      tf.removeBackend('wasm');
    }
  });

  it('passes over a software-rendered WebGPU adapter when asked to', async () => {
    stubGpu(async () => ({ info: { vendor: 'google', architecture: 'swiftshader' } }));
    const { register, asked } = registrar({ webgl: 'no WebGL here', wasm: 'no wasm here' });
    const choice = await chooseBackend(register, ['webgpu', 'webgl', 'wasm', 'cpu'], {
      skipSoftwareGpu: true,
    });
    expect(choice.name).toBe('cpu');
    expect(choice.fallbacks[0]).toEqual({
      backend: 'webgpu',
      reason: softwareGpuReason('webgpu', 'google/swiftshader'),
    });
    expect(choice.fallbacks[0].reason).toContain('?backend=webgpu');
    expect(asked.map(([name]) => name)).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('asks the registrar about a hardware adapter and keeps its detail when refused', async () => {
    stubGpu(async () => ({ info: { vendor: 'nvidia', architecture: 'ampere' } }));
    const { register, asked } = registrar({ webgpu: 'the test refuses webgpu' });
    const choice = await chooseBackend(register, ['webgpu', 'cpu'], { skipSoftwareGpu: true });
    expect(choice).toEqual({
      name: 'cpu',
      fallbacks: [{ backend: 'webgpu', reason: 'the test refuses webgpu' }],
      detail: '',
    });
    expect(asked.map(([name]) => name)).toEqual(['webgpu', 'cpu']);
  });

  it('says why WebGPU is unusable: no adapter, or a failed adapter request', async () => {
    const { register } = registrar({});
    stubGpu(async () => null);
    let choice = await chooseBackend(register, ['webgpu', 'cpu']);
    expect(choice.fallbacks[0].reason).toMatch(/^WebGPU found no adapter/);
    stubGpu(async () => {
      throw new Error('adapter blocked by policy');
    });
    choice = await chooseBackend(register, ['webgpu', 'cpu']);
    expect(choice.fallbacks[0].reason).toBe(
      'WebGPU adapter request failed: adapter blocked by policy',
    );
    expect(choice.name).toBe('cpu');
  });

  it('throws, listing every reason, when no backend works', async () => {
    const { register } = registrar({ webgl: 'no WebGL', wasm: 'no wasm' });
    await expect(chooseBackend(register, ['webgl', 'wasm'])).rejects.toThrow(
      'No tfjs backend works here: webgl: no WebGL; wasm: no wasm',
    );
  });

  it("nodeHost's choice skips browser-only backends and honours the exclusions", async () => {
    const host = nodeHost({ backends: ['webgpu', 'webgl', 'cpu'] });
    const choice = await host.chooseBackend([]);
    expect(choice.name).toBe('cpu');
    expect(choice.fallbacks.map((f) => f.backend)).toEqual(['webgpu', 'webgl']);
    expect(choice.fallbacks[1].reason).toBe('WebGL needs a browser');
    const again = await host.chooseBackend(['webgpu', 'webgl']);
    expect(again).toEqual({ name: 'cpu', fallbacks: [], detail: '' });
  });
});

describe('describeBackend', () => {
  it('names the backend, its detail and every fallback with its reason', () => {
    expect(describeBackend({ name: 'cpu', fallbacks: [], detail: '' })).toBe('cpu');
    expect(describeBackend({ name: 'webgpu', fallbacks: [], detail: 'nvidia/ampere' })).toBe(
      'webgpu (nvidia/ampere)',
    );
    expect(
      describeBackend({
        name: 'wasm',
        fallbacks: [
          { backend: 'webgpu', reason: 'WebGPU found no adapter' },
          { backend: 'webgl', reason: 'it failed to start' },
        ],
        detail: '',
      }),
    ).toBe('wasm; passed over webgpu: WebGPU found no adapter; webgl: it failed to start');
  });

  it('recognises software renderers', () => {
    for (const name of [
      'google/swiftshader',
      'llvmpipe (LLVM 15)',
      'Microsoft Basic Render Driver',
    ])
      expect(isSoftwareRenderer(name)).toBe(true);
    for (const name of ['nvidia/ampere', 'apple/common-3', 'ANGLE (Intel, Mesa Intel UHD)'])
      expect(isSoftwareRenderer(name)).toBe(false);
  });
});
