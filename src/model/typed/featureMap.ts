/*
 * Feature maps as typed arrays, laid out [B, H, W, C] row-major as tfjs lays out its tensors, and
 * the residual matching of docs/model.md §3 on them (residual.ts does the same with tfjs ops).
 */
import type { MapShape } from '../../sim/windows/windowSource';
import { poolingRanges } from '../residual';

export type { MapShape };

export interface FeatureMap {
  readonly data: Float32Array;
  readonly shape: MapShape;
}

/** Σ v², in float64. */
export function squaredSum(values: Float32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return s;
}

/** target += source, element by element. */
export function addInto(target: Float32Array, source: Float32Array): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}

/**
 * `sum += matchMap(source)` for a sum of shape `target` (residual.ts's matchMap, then the
 * broadcasting add): adaptive average pooling to the target's size, a multi-channel source of
 * another channel count averaged to one channel, a one-channel map broadcast over all channels.
 */
export function addMatched(sum: Float32Array, target: MapShape, source: FeatureMap): void {
  const matched = matchChannels(pool(source, target[1], target[2]), target[3]);
  const [b, h, w, tc] = target;
  const mc = matched.shape[3];
  const m = matched.data;
  if (mc === tc) return addInto(sum, m);
  for (let cell = 0; cell < b * h * w; cell++) {
    const v = m[cell];
    for (let c = 0; c < tc; c++) sum[cell * tc + c] += v;
  }
}

/** addMatched's adjoint: the cotangent `d` of the sum [target] carried back to `source`'s shape. */
export function matchedCotangent(
  d: Float32Array,
  target: MapShape,
  source: MapShape,
): Float32Array {
  const [b, h, w, tc] = target;
  const sc = source[3];
  const averaged = sc !== tc && sc !== 1;
  const mc = sc === tc ? tc : 1;
  let back = d;
  if (mc !== tc) {
    back = new Float32Array(b * h * w);
    for (let cell = 0; cell < b * h * w; cell++) {
      let s = 0;
      for (let c = 0; c < tc; c++) s += d[cell * tc + c];
      back[cell] = s;
    }
  }
  if (averaged) {
    const spread = new Float32Array(b * h * w * sc);
    for (let cell = 0; cell < b * h * w; cell++) {
      const v = back[cell] / sc;
      for (let c = 0; c < sc; c++) spread[cell * sc + c] = v;
    }
    back = spread;
  }
  return unpool(back, [b, h, w, sc], source[1], source[2]);
}

function matchChannels(map: FeatureMap, channels: number): FeatureMap {
  const [b, h, w, c] = map.shape;
  if (c === channels || c === 1) return map;
  const out = new Float32Array(b * h * w);
  for (let cell = 0; cell < out.length; cell++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += map.data[cell * c + k];
    out[cell] = s / c;
  }
  return { data: out, shape: [b, h, w, 1] };
}

/**
 * Every (pooled cell, source cell) pair of adaptive average pooling [B, h, w, ·] → [B, toH, toW, ·]:
 * visit(pooledCell, sourceCell, weight), cells counted without the channel axis.
 */
function forEachPooled(
  b: number,
  [h, w]: readonly [number, number],
  [toH, toW]: readonly [number, number],
  visit: (pooled: number, source: number, weight: number) => void,
): void {
  const rows = poolingRanges(h, toH);
  const cols = poolingRanges(w, toW);
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < toH; i++) {
      for (let j = 0; j < toW; j++) {
        const { start: y0, end: y1 } = rows[i];
        const { start: x0, end: x1 } = cols[j];
        const weight = 1 / ((y1 - y0) * (x1 - x0));
        const pooled = (n * toH + i) * toW + j;
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) visit(pooled, (n * h + y) * w + x, weight);
        }
      }
    }
  }
}

/** Adaptive average pooling [B, H, W, C] → [B, toH, toW, C]; the map itself when sizes agree. */
function pool(map: FeatureMap, toH: number, toW: number): FeatureMap {
  const [b, h, w, c] = map.shape;
  if (h === toH && w === toW) return map;
  const out = new Float32Array(b * toH * toW * c);
  const x = map.data;
  forEachPooled(b, [h, w], [toH, toW], (pooled, source, weight) => {
    for (let k = 0; k < c; k++) out[pooled * c + k] += x[source * c + k] * weight;
  });
  return { data: out, shape: [b, toH, toW, c] };
}

/** pool's adjoint: each pooled cell's cotangent shared out over the cells it averaged. */
function unpool(d: Float32Array, pooled: MapShape, h: number, w: number): Float32Array {
  const [b, toH, toW, c] = pooled;
  if (h === toH && w === toW) return d;
  const out = new Float32Array(b * h * w * c);
  forEachPooled(b, [h, w], [toH, toW], (cell, source, weight) => {
    for (let k = 0; k < c; k++) out[source * c + k] += d[cell * c + k] * weight;
  });
  return out;
}
