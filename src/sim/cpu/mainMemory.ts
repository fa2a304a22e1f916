import * as tf from '../tf';

/**
 * Whether the current tfjs backend keeps tensors in main memory (`cpu`, `wasm`): there a
 * typed-array loop reads them at no GPU stall, so the main-memory paths (patches, channel mean,
 * the typed-array training step) take over from tfjs ops.
 */
export function backendInMainMemory(): boolean {
  const backend = tf.getBackend();
  return backend === 'cpu' || backend === 'wasm';
}
