import { errorText } from '../util/errorText';
import * as tf from '../sim/tf';
import { requestGpuAdapter } from '../sim/webgpu/gpuAdapter';
import type { BackendMeasurement } from './backendMeasure';

/** The tfjs backends we try, fastest-first for this workload (WebGPU first: the app is built for it, docs/architecture.md). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendFallback {
  readonly backend: BackendName;
  readonly reason: string;
}

/** Which backend runs the math, and why each one before it was passed over (shown in the UI). */
export interface BackendChoice {
  readonly name: BackendName;
  readonly fallbacks: readonly BackendFallback[];
  /** e.g. the WebGPU adapter's vendor/architecture ("google/swiftshader"), when known. */
  readonly detail: string;
  /** On `cpu` and `wasm`: how many threads the SIMD CPU kernel runs on, and why only one. */
  readonly cpuKernel?: { readonly threads: 1 | 2; readonly reason: string };
  /** When the backend was chosen by timing the configuration (backendFit.ts): those timings. */
  readonly measured?: BackendMeasurement;
}

/**
 * How a backend gets registered in this runtime. The worker and Node register backends
 * differently (the wasm binaries are bundled URLs in the browser, files in Node), so the caller
 * passes the registration; returning a string instead of registering means "not available here".
 */
export type BackendRegistrar = (
  name: BackendName,
  options: ChooseOptions,
) => Promise<string | null>;

export interface ChooseOptions {
  /**
   * Pass over a GPU backend that runs on a software renderer (SwiftShader, llvmpipe): there the
   * fused CPU kernel on wasm or cpu is many times faster (`npm run bench`). Off when the user
   * names the backends explicitly.
   */
  readonly skipSoftwareGpu: boolean;
}

/** Renderer or adapter names of GPUs emulated on the CPU. */
export function isSoftwareRenderer(description: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(description);
}

export function softwareGpuReason(backend: string, renderer: string): string {
  return (
    `its GPU is ${renderer}, a software renderer on the CPU, where the fused CPU kernel is faster ` +
    `(add ?backend=${backend} to the address to use it anyway)`
  );
}

/** Why WebGPU cannot run here, in words a user can act on, or null when an adapter exists. */
async function webgpuUnavailableReason(): Promise<{ reason: string | null; detail: string }> {
  const { adapter, reason } = await requestGpuAdapter();
  if (!adapter) return { reason, detail: '' };
  const info = (adapter as { info?: { vendor?: string; architecture?: string } }).info;
  return { reason: null, detail: info ? `${info.vendor ?? ''}/${info.architecture ?? ''}` : '' };
}

/**
 * A backend counts as working only when it computes: tfjs may accept a backend whose first
 * kernel then fails (a WebGL context lost, a shader compile error), so we run a tiny matmul and
 * read it back before trusting it.
 */
async function smokeTest(): Promise<string | null> {
  try {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const product = tf.matMul(a, a);
    const values = await product.data();
    a.dispose();
    product.dispose();
    const expected = [7, 10, 15, 22];
    return expected.every((v, i) => Math.abs(values[i] - v) < 1e-4)
      ? null
      : `it computed a wrong result (${Array.from(values).join(', ')})`;
  } catch (e) {
    return `its first computation failed: ${errorText(e)}`;
  }
}

/**
 * Picks the first backend of `order` that registers, initialises and computes correctly.
 * Every backend passed over keeps its reason. `cpu` always works, so this always resolves.
 */
export async function chooseBackend(
  register: BackendRegistrar,
  order: readonly BackendName[] = BACKEND_ORDER,
  options: ChooseOptions = { skipSoftwareGpu: false },
): Promise<BackendChoice> {
  const fallbacks: BackendFallback[] = [];
  for (const name of order) {
    let detail = '';
    if (name === 'webgpu') {
      const probe = await webgpuUnavailableReason();
      if (probe.reason) {
        fallbacks.push({ backend: name, reason: probe.reason });
        continue;
      }
      detail = probe.detail;
      if (options.skipSoftwareGpu && isSoftwareRenderer(detail)) {
        fallbacks.push({ backend: name, reason: softwareGpuReason(name, detail) });
        continue;
      }
    }
    const notHere = await register(name, options);
    if (notHere) {
      fallbacks.push({ backend: name, reason: notHere });
      continue;
    }
    let ok: boolean;
    try {
      ok = await tf.setBackend(name);
    } catch (e) {
      fallbacks.push({ backend: name, reason: `it failed to start: ${errorText(e)}` });
      continue;
    }
    if (!ok) {
      fallbacks.push({ backend: name, reason: 'it failed to start (see the console for details)' });
      continue;
    }
    await tf.ready();
    const broken = await smokeTest();
    if (broken) {
      fallbacks.push({ backend: name, reason: broken });
      continue;
    }
    return { name, fallbacks, detail };
  }
  throw new Error(
    `No tfjs backend works here: ${fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`,
  );
}

/** One line for people: "webgpu (google/swiftshader)" or "cpu — webgpu: …; webgl: …". */
export function describeBackend(choice: BackendChoice): string {
  const head = choice.detail ? `${choice.name} (${choice.detail})` : choice.name;
  if (choice.fallbacks.length === 0) return head;
  return `${head}; passed over ${choice.fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`;
}
