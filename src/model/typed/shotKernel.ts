/*
 * Finite shots in the typed-array step (typedStep.ts): the prepared shot layers of one pass
 * (network.ts prepareShots, docs/model.md §6) served as an ArrayKernel, so that a shots step on
 * `cpu` and `wasm` runs its pass without tfjs, as the exact step does. The forward gives the
 * prepared estimates averaged over each cell's channels; the backward the shift-rule gradients
 * of the prepared differences (ShotLayer.arrayGradients), the windows' cotangent carried back
 * onto the map (im2col's adjoint).
 */
import type { ArrayKernel } from '../../sim/simulator';
import type { ShotLayer } from '../../sim/shots/shotSimulator';
import { scatterWindows, windowSources, type Padding } from '../../sim/windows/im2col';
import {
  isMapRecord,
  sourceGroup,
  sourceRows,
  type WindowSource,
} from '../../sim/windows/windowSource';

export interface ShotArrayKernel extends ArrayKernel {
  /** The shot-noise norm of layer `index`'s last parameter gradient (0 before a backward). */
  noise(index: number): number;
}

/**
 * The layers' estimates as a kernel: the forward calls come in layer order (as typedStep makes
 * them), each source then names its layer in the backward.
 */
export function shotArrayKernel(layers: readonly ShotLayer[], padding: Padding): ShotArrayKernel {
  const layerOf = new Map<WindowSource, number>();
  const noise = layers.map(() => 0);
  return {
    expectZ: (_program, source) => {
      const index = layerOf.size;
      const layer = layers[index];
      if (!layer || sourceRows(source) * source.qubits !== layer.estimates.length)
        throw new Error(`shot estimates were prepared for other windows than layer ${index + 1}'s`);
      layerOf.set(source, index);
      return channelMean(layer.estimates, sourceGroup(source), source.qubits);
    },
    gradients: (_program, source, _params, dz, inputGradient) => {
      const index = layerOf.get(source);
      if (index === undefined) throw new Error('a backward for windows no forward pass gave');
      const n = source.qubits;
      const group = sourceGroup(source);
      // The channel mean's adjoint: each window gets its cell's cotangent ÷ the channels.
      const dy = new Float32Array(sourceRows(source) * n);
      for (let row = 0; row < sourceRows(source); row++) {
        const cell = Math.floor(row / group) * n;
        for (let j = 0; j < n; j++) dy[row * n + j] = dz[cell + j] / group;
      }
      const g = layers[index].arrayGradients(dy, inputGradient);
      noise[index] = g.noise;
      if (!g.windows || !isMapRecord(source)) return { params: g.params, input: g.windows };
      const r = source.record;
      const [h, w, c, k, stride, outH, outW] = [r[4], r[5], r[6], r[7], r[8], r[11], r[12]];
      const batch = sourceRows(source) / (outH * outW * c);
      const { sources } = windowSources([batch, h, w, c], k, stride, padding);
      return { params: g.params, input: scatterWindows(g.windows, sources, source.data.length) };
    },
    noise: (index) => noise[index],
  };
}

/** Rows [P, n] averaged over each `group` consecutive rows: [P / group, n]. */
function channelMean(rows: Float32Array, group: number, n: number): Float32Array {
  if (group === 1) return rows.slice();
  const cells = rows.length / (group * n);
  const out = new Float32Array(cells * n);
  for (let cell = 0; cell < cells; cell++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let c = 0; c < group; c++) sum += rows[(cell * group + c) * n + j];
      out[cell * n + j] = sum / group;
    }
  }
  return out;
}
