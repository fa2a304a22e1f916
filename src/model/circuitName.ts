import type { LayerSpec } from './config/configSchema';

/*
 * The circuit of a configuration's quanv layers in words, for captions, tables and logs: the
 * paper's name of a configuration (paperName) says how layers are connected, not what they run,
 * and two runs that differ only in family or depth L would otherwise read the same.
 */

/** `basic L = 3` when every layer runs the same circuit, else `Q1 basic L = 3, Q2 ryrz L = 1`. */
export function circuitName(config: {
  readonly layers: readonly Pick<LayerSpec, 'family' | 'depth'>[];
}): string {
  const names = config.layers.map((l) => `${l.family} L = ${l.depth}`);
  if (names.length > 0 && names.every((n) => n === names[0])) return names[0];
  return names.map((n, i) => `Q${i + 1} ${n}`).join(', ');
}
