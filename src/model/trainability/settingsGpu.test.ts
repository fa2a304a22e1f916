import { describe, expect, it } from 'vitest';
import { DEFAULT_GPU_LIMITS } from '../../sim/trainability/webgpu/gpuSizing';
import { GPU_HOST_BYTES, maxQubits, validateSettings } from './settings';

const errorsOf = (r: ReturnType<typeof validateSettings>) => (r.ok ? [] : r.errors);

describe('validateSettings on the WebGPU backend', () => {
  it('bounds n by the adapter’s largest buffer, naming both limits, before any work', () => {
    const limits = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 };
    const r = validateSettings(
      { backend: 'webgpu', qubits: [20, 25], depths: [1] },
      undefined,
      limits,
    );
    expect(errorsOf(r)).toEqual([
      'n = 25 qubits needs 256 MiB per state on WebGPU (ψ and λ, 2^25 float32 amplitudes each), ' +
        "more than this adapter's largest buffer of 128 MiB (maxStorageBufferBindingSize 128 MiB, " +
        'maxBufferSize 256 MiB): choose n ≤ 24, or the CPU backend',
    ]);
    expect(
      validateSettings({ backend: 'webgpu', qubits: [24], depths: [1] }, undefined, limits).ok,
    ).toBe(true);
  });

  it('past the CPU kernel’s memory, WebGPU may go on; the CPU’s limit is unchanged', () => {
    const n = maxQubits() + 1;
    expect(validateSettings({ qubits: [n], depths: [1] }).ok).toBe(false);
    const gpu = validateSettings(
      { backend: 'webgpu', qubits: [n], depths: [1] },
      undefined,
      DEFAULT_GPU_LIMITS,
    );
    expect(errorsOf(gpu)).toEqual([]);
  });

  it('bounds the compiled circuit the host keeps, whatever the depth', () => {
    // A CZ ladder per layer adds no host table: n = 26 at L = 50 fits, n = 27 does not.
    const big = { maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 31 };
    const fits = validateSettings(
      { backend: 'webgpu', qubits: [26], depths: [50] },
      undefined,
      big,
    );
    expect(errorsOf(fits)).toEqual([]);
    const r = validateSettings({ backend: 'webgpu', qubits: [27], depths: [1] }, undefined, big);
    expect(errorsOf(r)).toHaveLength(1);
    expect(errorsOf(r)[0]).toMatch(/^n = 27 qubits needs 3 GiB on the host/);
    expect(errorsOf(r)[0]).toContain('choose n ≤ 26');
    expect(errorsOf(r)[0]).toContain(`more than the ${GPU_HOST_BYTES / 2 ** 30} GiB`);
  });

  it('says why when there is no WebGPU; waits for the worker while it is not known', () => {
    const no = validateSettings({ backend: 'webgpu' }, undefined, 'WebGPU found no adapter');
    expect(errorsOf(no)).toEqual(["backend 'webgpu': WebGPU found no adapter"]);
    expect(validateSettings({ backend: 'webgpu' }).ok).toBe(true);
    // the CPU backend does not care
    expect(validateSettings({}, undefined, 'WebGPU found no adapter').ok).toBe(true);
  });
});
