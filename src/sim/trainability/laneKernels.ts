/*
 * Statevector kernels with samples in lanes: amplitude `idx` of sample k is at idx·B + k, so
 * every gate's innermost loop runs over B samples held contiguously (one gate structure, B angle
 * sets). The loops are written out per gate kind rather than through a generic 2×2 matrix so the
 * JIT sees straight-line float arithmetic on typed arrays. A pair (i0, i0 + stride) is the two
 * amplitudes a one-qubit gate mixes; stride = 2^(n−1−qubit).
 */

/** RX, RY or RZ on every lane, lane k with (cos θ_k/2, sign·sin θ_k/2): sign −1 undoes it. */
export function rotate(
  axis: 0 | 1 | 2,
  re: Float64Array,
  im: Float64Array,
  dim: number,
  B: number,
  stride: number,
  c: Float64Array,
  s: Float64Array,
  sign: number,
): void {
  const step = stride * B;
  for (let hi = 0; hi < dim; hi += 2 * stride) {
    const end = (hi + stride) * B;
    for (let o0 = hi * B; o0 < end; o0 += B) {
      const o1 = o0 + step;
      for (let k = 0; k < B; k++) {
        const ck = c[k];
        const sk = sign * s[k];
        const r0 = re[o0 + k];
        const i0 = im[o0 + k];
        const r1 = re[o1 + k];
        const i1 = im[o1 + k];
        if (axis === 0) {
          re[o0 + k] = ck * r0 + sk * i1;
          im[o0 + k] = ck * i0 - sk * r1;
          re[o1 + k] = sk * i0 + ck * r1;
          im[o1 + k] = ck * i1 - sk * r0;
        } else if (axis === 1) {
          re[o0 + k] = ck * r0 - sk * r1;
          im[o0 + k] = ck * i0 - sk * i1;
          re[o1 + k] = sk * r0 + ck * r1;
          im[o1 + k] = sk * i0 + ck * i1;
        } else {
          re[o0 + k] = ck * r0 + sk * i0;
          im[o0 + k] = ck * i0 - sk * r0;
          re[o1 + k] = ck * r1 - sk * i1;
          im[o1 + k] = ck * i1 + sk * r1;
        }
      }
    }
  }
}

/**
 * A rotation whose axis differs per lane: ax[k] ∈ {0, 1, 2} picks X, Y or Z (McClean's random
 * gate). The branch on the lane's axis repeats with period B over the pairs, which branch
 * predictors learn, so each lane does only its own axis's arithmetic.
 */
export function rotateMixed(
  re: Float64Array,
  im: Float64Array,
  dim: number,
  B: number,
  stride: number,
  c: Float64Array,
  s: Float64Array,
  ax: Uint8Array,
  sign: number,
): void {
  const step = stride * B;
  for (let hi = 0; hi < dim; hi += 2 * stride) {
    const end = (hi + stride) * B;
    for (let o0 = hi * B; o0 < end; o0 += B) {
      const o1 = o0 + step;
      for (let k = 0; k < B; k++) {
        const ck = c[k];
        const sk = sign * s[k];
        const r0 = re[o0 + k];
        const i0 = im[o0 + k];
        const r1 = re[o1 + k];
        const i1 = im[o1 + k];
        const a = ax[k];
        if (a === 0) {
          re[o0 + k] = ck * r0 + sk * i1;
          im[o0 + k] = ck * i0 - sk * r1;
          re[o1 + k] = sk * i0 + ck * r1;
          im[o1 + k] = ck * i1 - sk * r0;
        } else if (a === 1) {
          re[o0 + k] = ck * r0 - sk * r1;
          im[o0 + k] = ck * i0 - sk * i1;
          re[o1 + k] = sk * r0 + ck * r1;
          im[o1 + k] = sk * i0 + ck * i1;
        } else {
          re[o0 + k] = ck * r0 + sk * i0;
          im[o0 + k] = ck * i0 - sk * r0;
          re[o1 + k] = ck * r1 - sk * i1;
          im[o1 + k] = ck * i1 + sk * r1;
        }
      }
    }
  }
}

/**
 * One backward step of the adjoint method at a trainable rotation: g[k] = Im⟨λ|σ|ψ⟩ (which is
 * ∂C/∂θ for U = exp(−iθσ/2)) from the states after the gate, then both states are moved back
 * through it (U† = c·1 + i·s·σ), all in one pass over memory. ax[k] is lane k's axis.
 */
export function backwardRotation(
  pr: Float64Array,
  pi: Float64Array,
  lr: Float64Array,
  li: Float64Array,
  dim: number,
  B: number,
  stride: number,
  c: Float64Array,
  s: Float64Array,
  ax: Uint8Array,
  g: Float64Array,
): void {
  g.fill(0, 0, B);
  const step = stride * B;
  for (let hi = 0; hi < dim; hi += 2 * stride) {
    const end = (hi + stride) * B;
    for (let o0 = hi * B; o0 < end; o0 += B) {
      const o1 = o0 + step;
      for (let k = 0; k < B; k++) {
        const a0r = pr[o0 + k];
        const a0i = pi[o0 + k];
        const a1r = pr[o1 + k];
        const a1i = pi[o1 + k];
        const l0r = lr[o0 + k];
        const l0i = li[o0 + k];
        const l1r = lr[o1 + k];
        const l1i = li[o1 + k];
        const ck = c[k];
        const sk = s[k];
        const a = ax[k];
        if (a === 0) {
          g[k] += l0r * a1i - l0i * a1r + l1r * a0i - l1i * a0r;
          pr[o0 + k] = ck * a0r - sk * a1i;
          pi[o0 + k] = ck * a0i + sk * a1r;
          pr[o1 + k] = ck * a1r - sk * a0i;
          pi[o1 + k] = ck * a1i + sk * a0r;
          lr[o0 + k] = ck * l0r - sk * l1i;
          li[o0 + k] = ck * l0i + sk * l1r;
          lr[o1 + k] = ck * l1r - sk * l0i;
          li[o1 + k] = ck * l1i + sk * l0r;
        } else if (a === 1) {
          g[k] += l1r * a0r + l1i * a0i - l0r * a1r - l0i * a1i;
          pr[o0 + k] = ck * a0r + sk * a1r;
          pi[o0 + k] = ck * a0i + sk * a1i;
          pr[o1 + k] = ck * a1r - sk * a0r;
          pi[o1 + k] = ck * a1i - sk * a0i;
          lr[o0 + k] = ck * l0r + sk * l1r;
          li[o0 + k] = ck * l0i + sk * l1i;
          lr[o1 + k] = ck * l1r - sk * l0r;
          li[o1 + k] = ck * l1i - sk * l0i;
        } else {
          g[k] += l0r * a0i - l0i * a0r - l1r * a1i + l1i * a1r;
          pr[o0 + k] = ck * a0r - sk * a0i;
          pi[o0 + k] = ck * a0i + sk * a0r;
          pr[o1 + k] = ck * a1r + sk * a1i;
          pi[o1 + k] = ck * a1i - sk * a1r;
          lr[o0 + k] = ck * l0r - sk * l0i;
          li[o0 + k] = ck * l0i + sk * l0r;
          lr[o1 + k] = ck * l1r + sk * l1i;
          li[o1 + k] = ck * l1i - sk * l1r;
        }
      }
    }
  }
}

/** A fixed one-qubit gate, the same on every lane: the 2×2 complex matrix m = [u00, u01, u10, u11] as (re, im) pairs. */
export function applyFixed(
  re: Float64Array,
  im: Float64Array,
  dim: number,
  B: number,
  stride: number,
  m: Float64Array,
): void {
  const [ar, ai, br, bi, cr, ci, dr, di] = m;
  const step = stride * B;
  for (let hi = 0; hi < dim; hi += 2 * stride) {
    const end = (hi + stride) * B;
    for (let o0 = hi * B; o0 < end; o0 += B) {
      const o1 = o0 + step;
      for (let k = 0; k < B; k++) {
        const r0 = re[o0 + k];
        const i0 = im[o0 + k];
        const r1 = re[o1 + k];
        const i1 = im[o1 + k];
        re[o0 + k] = ar * r0 - ai * i0 + br * r1 - bi * i1;
        im[o0 + k] = ar * i0 + ai * r0 + br * i1 + bi * r1;
        re[o1 + k] = cr * r0 - ci * i0 + dr * r1 - di * i1;
        im[o1 + k] = cr * i0 + ci * r0 + dr * i1 + di * r1;
      }
    }
  }
}

/** Amplitude idx of every lane times d[idx] (a run of CZs as ±1, or a diagonal cost). */
export function applyDiagonal(
  re: Float64Array,
  im: Float64Array,
  dim: number,
  B: number,
  d: Float64Array,
): void {
  for (let idx = 0; idx < dim; idx++) {
    const f = d[idx];
    if (f === 1) continue;
    const o = idx * B;
    for (let k = 0; k < B; k++) {
      re[o + k] *= f;
      im[o + k] *= f;
    }
  }
}

/** CNOT: swaps the target pair wherever the control bit is set (bit masks, qubit 0 = MSB). */
export function applyCnot(
  re: Float64Array,
  im: Float64Array,
  dim: number,
  B: number,
  controlBit: number,
  targetBit: number,
): void {
  for (let idx = 0; idx < dim; idx++) {
    if (!(idx & controlBit) || idx & targetBit) continue;
    const o0 = idx * B;
    const o1 = (idx | targetBit) * B;
    for (let k = 0; k < B; k++) {
      const r = re[o0 + k];
      re[o0 + k] = re[o1 + k];
      re[o1 + k] = r;
      const i = im[o0 + k];
      im[o0 + k] = im[o1 + k];
      im[o1 + k] = i;
    }
  }
}
