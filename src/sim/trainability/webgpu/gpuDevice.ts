/// <reference types="@webgpu/types" />
/*
 * The trainability sampler's own WebGPU device, straight from navigator.gpu (in the study's
 * worker; no DOM): the adapter is asked as the whole app asks it (src/sim/webgpu/gpuAdapter.ts,
 * with a time limit), and so is the device; the device takes the adapter's largest storage
 * binding and buffer, and remembers why it was lost or what error it raised outside any call.
 */
import { errorText } from '../../../util/errorText';
import { GPU_REQUEST_MS, requestGpuAdapter, withTimeout } from '../../webgpu/gpuAdapter';
import type { GpuLimits } from './gpuSizing';

/** What the worker tells the page about WebGPU here. */
export type GpuReport =
  | { readonly available: true; readonly description: string; readonly limits: GpuLimits }
  | { readonly available: false; readonly reason: string };

export interface GpuHandle {
  readonly device: GPUDevice;
  readonly limits: GpuLimits;
  readonly description: string;
  /** Why the device is unusable (lost, or an error outside any call); null while it works. */
  failure(): string | null;
}

/** The adapter, or an error that says why there is none and that the CPU backend remains. */
async function adapter(ms: number): Promise<GPUAdapter> {
  const answer = await requestGpuAdapter(ms);
  if (!answer.adapter) throw new Error(`${answer.reason}; or choose the CPU backend`);
  return answer.adapter;
}

function describe(a: GPUAdapter): string {
  const info = (a as { info?: GPUAdapterInfo }).info;
  const text = info ? [info.vendor, info.architecture, info.description].filter(Boolean) : [];
  return text.join(' ') || 'a WebGPU adapter';
}

function limitsOf(l: GPUSupportedLimits): GpuLimits {
  return {
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    maxBufferSize: l.maxBufferSize,
  };
}

/** Whether WebGPU runs here, with the limits a device will get; never throws, never hangs. */
export async function probeGpu(ms = GPU_REQUEST_MS): Promise<GpuReport> {
  try {
    const a = await adapter(ms);
    return { available: true, description: describe(a), limits: limitsOf(a.limits) };
  } catch (e) {
    return { available: false, reason: errorText(e) };
  }
}

/** A device with the adapter's largest buffers; rejects with a message a user can act on. */
export async function openGpu(ms = GPU_REQUEST_MS): Promise<GpuHandle> {
  const a = await adapter(ms);
  const limits = limitsOf(a.limits);
  const device = await withTimeout(
    a.requestDevice({ requiredLimits: { ...limits } }),
    ms,
    'the WebGPU device request',
  );
  let failure: string | null = null;
  void device.lost.then((info) => {
    failure ??= `the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`;
  });
  device.addEventListener('uncapturederror', (event) => {
    const message = (event as GPUUncapturedErrorEvent).error.message || 'an uncaptured GPU error';
    failure ??= `the GPU reported an error: ${message.slice(0, 240)}`;
  });
  return { device, limits, description: describe(a), failure: () => failure };
}
