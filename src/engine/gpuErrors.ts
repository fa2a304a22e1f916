import * as tf from '../sim/tf';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

/*
 * What the GPU device says outside any call: WebGPU reports a shader that fails to compile, an
 * invalid dispatch or a lost device as events, not as exceptions, and the dispatch then leaves its
 * output buffer as it was (pooled memory: another tensor's numbers). The engine asks after every
 * step (EngineHost.deviceError) and treats an error as the backend failing.
 */

/** Listens to the current webgpu backend's device; returns a taker of the first unread error. */
export function watchGpuErrors(): () => string | null {
  let pending: string | null = null;
  const device = (tf.backend() as unknown as Partial<WebGPUBackend>).device;
  if (!device) return () => null;
  device.addEventListener('uncapturederror', (event) => {
    const message = (event as GPUUncapturedErrorEvent).error.message || 'an uncaptured GPU error';
    // A shader compiler's report runs to many lines; the notice needs its start.
    pending ??= message.length > 240 ? `${message.slice(0, 240)}…` : message;
  });
  void device.lost.then((info) => {
    pending ??= `the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`;
  });
  return () => {
    const error = pending;
    pending = null;
    return error;
  };
}

/**
 * For tests: a real uncaptured error on the webgpu backend's device (a shader module that does
 * not compile), as a broken kernel would raise. Does nothing on other backends.
 */
export function injectGpuError(): void {
  const device = (tf.backend() as unknown as Partial<WebGPUBackend>).device;
  device?.createShaderModule({ code: 'fn main( { this is not WGSL' });
}
