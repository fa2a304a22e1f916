/// <reference types="@webgpu/types" />
/*
 * The WebGPU adapter, asked of navigator.gpu one way for the whole app: the training engine's
 * backend choice (src/engine/backend.ts) and the trainability sampler's device
 * (trainability/webgpu/gpuDevice.ts). With a time limit, so that a browser whose request never
 * answers gets a reason instead of a hang; the reasons say what a user can do.
 */
import { errorText } from '../../util/errorText';

/** How long an adapter or device request may take before it counts as no answer. */
export const GPU_REQUEST_MS = 10_000;

export const NO_NAVIGATOR_GPU =
  'WebGPU is not available here (navigator.gpu is missing): use a recent Chrome or Edge (on ' +
  'Linux start it with --enable-unsafe-webgpu)';

export const NO_ADAPTER =
  'WebGPU found no adapter (no usable GPU or driver): check chrome://gpu, or update the GPU driver';

/** `promise`, or a rejection saying that `what` did not answer within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${ms / 1000} s`)),
      ms,
    );
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export type AdapterAnswer =
  | { readonly adapter: GPUAdapter; readonly reason: null }
  | { readonly adapter: null; readonly reason: string };

/** The adapter, or why there is none; never throws, never hangs. */
export async function requestGpuAdapter(ms = GPU_REQUEST_MS): Promise<AdapterAnswer> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return { adapter: null, reason: NO_NAVIGATOR_GPU };
  try {
    const adapter = await withTimeout(gpu.requestAdapter(), ms, 'it');
    return adapter ? { adapter, reason: null } : { adapter: null, reason: NO_ADAPTER };
  } catch (e) {
    return { adapter: null, reason: `WebGPU adapter request failed: ${errorText(e)}` };
  }
}
