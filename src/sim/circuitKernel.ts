import { cnotRingImage, zSign } from './ringTables';

/**
 * The quanv circuit of SPEC §1 for one window at a time, over typed arrays, forward and backward
 * by hand: the fused CPU path. Pure arithmetic, no tfjs: the tfjs wiring is in fusedCpu.ts.
 *
 * Forward: encoding and the first ansatz layer give a product state (RY(θ)·RY(πx) = RY(πx + θ),
 * then RZ phases), built as a Kronecker product; layers 2…L act gate by gate after a CNOT-ring
 * permutation; the last ring is folded into the readout table.
 * Backward (adjoint method): the loss gradient λ = ∂L/∂Re ψ + i·∂L/∂Im ψ is carried back through
 * each gate with G†, while the state is un-computed with G† as well (gates are unitary), so no
 * intermediate state is stored. At the product state, λ is contracted with every qubit's
 * amplitudes but one, which gives the gradient of each qubit's two amplitudes.
 */
export interface CircuitTables {
  readonly qubits: number;
  readonly dim: number;
  /** ringSource[b'] = b: after the ring, amplitude b' holds what amplitude b held before. */
  readonly ringSource: Int32Array;
  /** readout[b·n + q] = Z_q of the basis state b maps to under the final ring (±1). */
  readonly readout: Float64Array;
}

const tablesCache = new Map<number, CircuitTables>();

export function circuitTables(qubits: number): CircuitTables {
  let t = tablesCache.get(qubits);
  if (!t) {
    const dim = 1 << qubits;
    const ringSource = new Int32Array(dim);
    const readout = new Float64Array(dim * qubits);
    for (let b = 0; b < dim; b++) {
      const image = cnotRingImage(b, qubits);
      ringSource[image] = b;
      for (let q = 0; q < qubits; q++) readout[b * qubits + q] = zSign(image, q, qubits);
    }
    t = { qubits, dim, ringSource, readout };
    tablesCache.set(qubits, t);
  }
  return t;
}

/** Scratch buffers for one window, reused across windows (no allocation in the hot loop). */
export class CircuitWorkspace {
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly lamRe: Float64Array;
  readonly lamIm: Float64Array;
  readonly tmpRe: Float64Array;
  readonly tmpIm: Float64Array;
  /** Per qubit: amplitudes of |0⟩ and |1⟩ after the first layer, [re0, im0, re1, im1]. */
  readonly amps: Float64Array;
  /** Per gate of layers 2…L: cos(θ/2), sin(θ/2), cos(φ/2), sin(φ/2). */
  readonly gates: Float64Array;
  /** Per qubit of layer 1: cos(φ/2), sin(φ/2), the same for every window. */
  readonly firstPhase: Float64Array;
  /** Per qubit, the current window's cos(α/2), sin(α/2), α = πx + θ: its gradient reuses them. */
  readonly halfAngle: Float64Array;
  /** Scratch of the gradient contraction, one pair per level (see productStateGradients). */
  readonly envRe: Float64Array[];
  readonly envIm: Float64Array[];

  constructor(
    readonly tables: CircuitTables,
    readonly depth: number,
  ) {
    const { dim, qubits } = tables;
    this.re = new Float64Array(dim);
    this.im = new Float64Array(dim);
    this.lamRe = new Float64Array(dim);
    this.lamIm = new Float64Array(dim);
    this.tmpRe = new Float64Array(dim);
    this.tmpIm = new Float64Array(dim);
    this.amps = new Float64Array(qubits * 4);
    this.gates = new Float64Array(Math.max(0, depth - 1) * qubits * 4);
    this.firstPhase = new Float64Array(qubits * 2);
    this.halfAngle = new Float64Array(qubits * 2);
    // One buffer per level of productStateGradients' halving: level l holds at most 2ⁿ⁻¹ entries.
    const levels = Math.ceil(Math.log2(qubits)) + 1;
    this.envRe = Array.from({ length: levels }, () => new Float64Array(dim / 2));
    this.envIm = Array.from({ length: levels }, () => new Float64Array(dim / 2));
  }

  /** Trig of the parameters, once per batch: params is [L, n, 2] flat (θ, φ). */
  setParams(params: ArrayLike<number>): void {
    const n = this.tables.qubits;
    // Trig calls cost more than the 4-qubit circuit's arithmetic: none per window that the
    // parameters alone decide.
    for (let q = 0; q < n; q++) {
      this.firstPhase[2 * q] = Math.cos(params[2 * q + 1] / 2);
      this.firstPhase[2 * q + 1] = Math.sin(params[2 * q + 1] / 2);
    }
    for (let l = 1; l < this.depth; l++) {
      for (let q = 0; q < n; q++) {
        const src = (l * n + q) * 2;
        const dst = ((l - 1) * n + q) * 4;
        this.gates[dst] = Math.cos(params[src] / 2);
        this.gates[dst + 1] = Math.sin(params[src] / 2);
        this.gates[dst + 2] = Math.cos(params[src + 1] / 2);
        this.gates[dst + 3] = Math.sin(params[src + 1] / 2);
      }
    }
  }
}

/** Encoding and first layer: per-qubit amplitudes (cos(α/2)e^{-iφ/2}, sin(α/2)e^{iφ/2}). */
function firstLayer(
  ws: CircuitWorkspace,
  x: ArrayLike<number>,
  xOffset: number,
  params: ArrayLike<number>,
) {
  const n = ws.tables.qubits;
  const { amps: a, firstPhase, halfAngle } = ws;
  for (let q = 0; q < n; q++) {
    const half = (Math.PI * x[xOffset + q] + params[2 * q]) / 2;
    const c = Math.cos(half);
    const s = Math.sin(half);
    halfAngle[2 * q] = c;
    halfAngle[2 * q + 1] = s;
    const cp = firstPhase[2 * q];
    const sp = firstPhase[2 * q + 1];
    a[4 * q] = c * cp;
    a[4 * q + 1] = -c * sp;
    a[4 * q + 2] = s * cp;
    a[4 * q + 3] = s * sp;
  }
}

/** ψ = a_0 ⊗ a_1 ⊗ … (qubit 0 most significant), grown in place from length 1 to 2ⁿ. */
function productState(ws: CircuitWorkspace) {
  const { re, im, amps } = ws;
  const n = ws.tables.qubits;
  re[0] = 1;
  im[0] = 0;
  for (let q = 0, len = 1; q < n; q++, len *= 2) {
    const r0 = amps[4 * q],
      i0 = amps[4 * q + 1],
      r1 = amps[4 * q + 2],
      i1 = amps[4 * q + 3];
    // Walk down so each source entry is read before its slot is overwritten.
    for (let k = len - 1; k >= 0; k--) {
      const sr = re[k],
        si = im[k];
      re[2 * k] = sr * r0 - si * i0;
      im[2 * k] = sr * i0 + si * r0;
      re[2 * k + 1] = sr * r1 - si * i1;
      im[2 * k + 1] = sr * i1 + si * r1;
    }
  }
}

/** Permutes a complex vector by the CNOT ring (inverse: back to the order before it). */
function permute(ws: CircuitWorkspace, re: Float64Array, im: Float64Array, inverse: boolean) {
  const { ringSource, dim } = ws.tables;
  const { tmpRe, tmpIm } = ws;
  tmpRe.set(re);
  tmpIm.set(im);
  for (let b = 0; b < dim; b++) {
    const s = ringSource[b];
    if (inverse) {
      re[s] = tmpRe[b];
      im[s] = tmpIm[b];
    } else {
      re[b] = tmpRe[s];
      im[b] = tmpIm[s];
    }
  }
}

/**
 * Applies G = RZ(φ)·RY(θ) (or G† when `adjoint`) to qubit q. With c, s = cos, sin(θ/2) and
 * e = e^{-iφ/2}: G = [[c·e, −s·e], [s·ē, c·ē]].
 */
function applyGate(
  re: Float64Array,
  im: Float64Array,
  n: number,
  q: number,
  g: Float64Array,
  at: number,
  adjoint: boolean,
) {
  const c = g[at],
    s = g[at + 1],
    er = g[at + 2],
    ei = -g[at + 3];
  const stride = 1 << (n - 1 - q);
  const dim = 1 << n;
  for (let base = 0; base < dim; base += 2 * stride) {
    for (let k = base; k < base + stride; k++) {
      const k1 = k + stride;
      const r0 = re[k],
        i0 = im[k],
        r1 = re[k1],
        i1 = im[k1];
      if (!adjoint) {
        // row 0: e·(c·ψ0 − s·ψ1); row 1: ē·(s·ψ0 + c·ψ1)
        const ar = c * r0 - s * r1,
          ai = c * i0 - s * i1;
        const br = s * r0 + c * r1,
          bi = s * i0 + c * i1;
        re[k] = er * ar - ei * ai;
        im[k] = er * ai + ei * ar;
        re[k1] = er * br + ei * bi;
        im[k1] = er * bi - ei * br;
      } else {
        // G† = RY(−θ)·RZ(−φ): undo the phases, then rotate back.
        const ar = er * r0 + ei * i0,
          ai = er * i0 - ei * r0;
        const br = er * r1 - ei * i1,
          bi = er * i1 + ei * r1;
        re[k] = c * ar + s * br;
        im[k] = c * ai + s * bi;
        re[k1] = -s * ar + c * br;
        im[k1] = -s * ai + c * bi;
      }
    }
  }
}

/** Runs the whole circuit for one window; leaves the final state in ws.re / ws.im. */
function runForward(
  ws: CircuitWorkspace,
  x: ArrayLike<number>,
  xOffset: number,
  params: ArrayLike<number>,
) {
  const n = ws.tables.qubits;
  firstLayer(ws, x, xOffset, params);
  productState(ws);
  for (let l = 1; l < ws.depth; l++) {
    permute(ws, ws.re, ws.im, false);
    for (let q = 0; q < n; q++)
      applyGate(ws.re, ws.im, n, q, ws.gates, ((l - 1) * n + q) * 4, false);
  }
}

/** ⟨Z_q⟩ of one window into out[outOffset … + n]. */
export function windowForward(
  ws: CircuitWorkspace,
  x: ArrayLike<number>,
  xOffset: number,
  params: ArrayLike<number>,
  out: Float32Array,
  outOffset: number,
) {
  runForward(ws, x, xOffset, params);
  const { re, im } = ws;
  const { readout, dim, qubits: n } = ws.tables;
  for (let q = 0; q < n; q++) out[outOffset + q] = 0;
  for (let b = 0; b < dim; b++) {
    const p = re[b] * re[b] + im[b] * im[b];
    const row = b * n;
    for (let q = 0; q < n; q++) out[outOffset + q] += p * readout[row + q];
  }
}

/**
 * Gradients of L = Σ_q dz_q·⟨Z_q⟩ for one window: adds ∂L/∂params into gradParams ([L, n, 2]
 * flat, accumulated over windows) and writes ∂L/∂x into gradX (unless gradX is null: the
 * `measured` semantics).
 */
export function windowBackward(
  ws: CircuitWorkspace,
  x: ArrayLike<number>,
  xOffset: number,
  params: ArrayLike<number>,
  dz: ArrayLike<number>,
  dzOffset: number,
  gradParams: Float64Array,
  gradX: Float32Array | null,
) {
  runForward(ws, x, xOffset, params);
  const { re, im, lamRe, lamIm, gates, amps } = ws;
  const { readout, dim, qubits: n } = ws.tables;
  // ∂L/∂p(b) = Σ_q dz_q·readout[b, q]; p = re² + im², so λ = 2·∂L/∂p·ψ.
  for (let b = 0; b < dim; b++) {
    let g = 0;
    const row = b * n;
    for (let q = 0; q < n; q++) g += dz[dzOffset + q] * readout[row + q];
    lamRe[b] = 2 * g * re[b];
    lamIm[b] = 2 * g * im[b];
  }
  for (let l = ws.depth - 1; l >= 1; l--) {
    for (let q = n - 1; q >= 0; q--) {
      const at = ((l - 1) * n + q) * 4;
      applyGate(re, im, n, q, gates, at, true); // ψ before this gate
      const [dTheta, dPhi] = gateParamGradients(re, im, lamRe, lamIm, n, q, gates, at);
      gradParams[(l * n + q) * 2] += dTheta;
      gradParams[(l * n + q) * 2 + 1] += dPhi;
      applyGate(lamRe, lamIm, n, q, gates, at, true);
    }
    permute(ws, re, im, true);
    permute(ws, lamRe, lamIm, true);
  }
  productStateGradients(ws, xOffset, gradParams, gradX);
  void amps;
}

/**
 * ∂L/∂θ and ∂L/∂φ of one gate: Re⟨λ', (∂G/∂t)·ψ⟩ with ψ the state before the gate and λ' the
 * gradient after it.
 */
function gateParamGradients(
  re: Float64Array,
  im: Float64Array,
  lamRe: Float64Array,
  lamIm: Float64Array,
  n: number,
  q: number,
  g: Float64Array,
  at: number,
): [number, number] {
  const c = g[at],
    s = g[at + 1],
    er = g[at + 2],
    ei = -g[at + 3];
  const stride = 1 << (n - 1 - q);
  const dim = 1 << n;
  let dTheta = 0;
  let dPhi = 0;
  for (let base = 0; base < dim; base += 2 * stride) {
    for (let k = base; k < base + stride; k++) {
      const k1 = k + stride;
      const r0 = re[k],
        i0 = im[k],
        r1 = re[k1],
        i1 = im[k1];
      // Rows of RY·ψ and of (∂RY/∂θ)·ψ = ½·[[−s, −c], [c, −s]]·ψ.
      const ar = c * r0 - s * r1,
        ai = c * i0 - s * i1;
      const br = s * r0 + c * r1,
        bi = s * i0 + c * i1;
      const dar = 0.5 * (-s * r0 - c * r1),
        dai = 0.5 * (-s * i0 - c * i1);
      const dbr = 0.5 * (c * r0 - s * r1),
        dbi = 0.5 * (c * i0 - s * i1);
      // ∂G/∂θ·ψ = (e·da, ē·db); ∂G/∂φ·ψ = (−i/2·e·a, +i/2·ē·b).
      const t0r = er * dar - ei * dai,
        t0i = er * dai + ei * dar;
      const t1r = er * dbr + ei * dbi,
        t1i = er * dbi - ei * dbr;
      dTheta += lamRe[k] * t0r + lamIm[k] * t0i + lamRe[k1] * t1r + lamIm[k1] * t1i;
      const g0r = er * ar - ei * ai,
        g0i = er * ai + ei * ar; // e·a
      const g1r = er * br + ei * bi,
        g1i = er * bi - ei * br; // ē·b
      // −i/2·(g0r + i·g0i) = (g0i/2, −g0r/2); +i/2·(g1r + i·g1i) = (−g1i/2, g1r/2)
      dPhi +=
        lamRe[k] * (g0i / 2) +
        lamIm[k] * (-g0r / 2) +
        lamRe[k1] * (-g1i / 2) +
        lamIm[k1] * (g1r / 2);
    }
  }
  return [dTheta, dPhi];
}

/**
 * At the product state ψ(b) = Π a_{q, b_q}: μ_{q,k} = Σ_{b: b_q = k} conj(λ(b))·Π_{i≠q} a_{i,b_i},
 * so that dL = Re Σ μ_{q,k}·da_{q,k}; then the chain rule into α = πx + θ and φ of layer 1.
 * Every qubit's μ needs conj(λ) contracted with all the other qubits' amplitudes; splitting the
 * qubits in halves and contracting each half away once for the other (recursively) shares that
 * work: about 2·2ⁿ complex products per level and log₂ n levels, instead of 2ⁿ for each qubit.
 */
function productStateGradients(
  ws: CircuitWorkspace,
  xOffset: number,
  gradParams: Float64Array,
  gradX: Float32Array | null,
) {
  const { lamRe, lamIm, tmpRe, tmpIm } = ws;
  const n = ws.tables.qubits;
  const dim = 1 << n;
  for (let b = 0; b < dim; b++) {
    tmpRe[b] = lamRe[b];
    tmpIm[b] = -lamIm[b];
  }
  environments(ws, tmpRe, tmpIm, 0, n, 0, xOffset, gradParams, gradX);
}

/**
 * `re`/`im` hold conj(λ) contracted with every qubit outside [from, to): a tensor over those
 * qubits, most significant first. Finishes each qubit of the range.
 */
function environments(
  ws: CircuitWorkspace,
  re: Float64Array,
  im: Float64Array,
  from: number,
  to: number,
  level: number,
  xOffset: number,
  gradParams: Float64Array,
  gradX: Float32Array | null,
) {
  if (to - from === 1) {
    qubitGradients(ws, from, re[0], im[0], re[1], im[1], xOffset, gradParams, gradX);
    return;
  }
  const mid = from + ((to - from) >> 1);
  const outRe = ws.envRe[level];
  const outIm = ws.envIm[level];
  // The upper half's qubits: contract the lower half away, least significant axis first.
  contract(ws.amps, re, im, outRe, outIm, to - from, to - 1, mid, false);
  environments(ws, outRe, outIm, from, mid, level + 1, xOffset, gradParams, gradX);
  // The lower half's: contract the upper half away, most significant first (the buffer is free).
  contract(ws.amps, re, im, outRe, outIm, to - from, from, mid - 1, true);
  environments(ws, outRe, outIm, mid, to, level + 1, xOffset, gradParams, gradX);
}

/**
 * Contracts the axes of qubits `first` … `last` (stepping toward `last`) of a tensor of `axes`
 * axes with those qubits' amplitudes: the outermost axis (`msb`) or the innermost each time.
 * The first step reads `re`/`im`, the rest run in place in `outRe`/`outIm`.
 */
function contract(
  amps: Float64Array,
  re: Float64Array,
  im: Float64Array,
  outRe: Float64Array,
  outIm: Float64Array,
  axes: number,
  first: number,
  last: number,
  msb: boolean,
) {
  let len = 1 << axes;
  let srcRe = re;
  let srcIm = im;
  const step = first <= last ? 1 : -1;
  for (let q = first; q !== last + step; q += step) {
    const r0 = amps[4 * q],
      i0 = amps[4 * q + 1],
      r1 = amps[4 * q + 2],
      i1 = amps[4 * q + 3];
    const half = len / 2;
    // Index pairs (j0, j1) differ in the contracted axis: neighbours (innermost) or half apart.
    for (let t = 0; t < half; t++) {
      const j0 = msb ? t : 2 * t;
      const j1 = msb ? t + half : 2 * t + 1;
      const vr0 = srcRe[j0],
        vi0 = srcIm[j0],
        vr1 = srcRe[j1],
        vi1 = srcIm[j1];
      outRe[t] = vr0 * r0 - vi0 * i0 + vr1 * r1 - vi1 * i1;
      outIm[t] = vr0 * i0 + vi0 * r0 + vr1 * i1 + vi1 * r1;
    }
    srcRe = outRe;
    srcIm = outIm;
    len = half;
  }
}

/** From qubit q's μ_{q,0}, μ_{q,1}: the gradients of α = πx + θ and φ of layer 1, and of x. */
function qubitGradients(
  ws: CircuitWorkspace,
  q: number,
  m0r: number,
  m0i: number,
  m1r: number,
  m1i: number,
  xOffset: number,
  gradParams: Float64Array,
  gradX: Float32Array | null,
) {
  const { amps, halfAngle, firstPhase } = ws;
  const c = halfAngle[2 * q],
    s = halfAngle[2 * q + 1];
  const cp = firstPhase[2 * q],
    sp = firstPhase[2 * q + 1];
  // ∂a0/∂α = −½·s·e^{-iφ/2}, ∂a1/∂α = ½·c·e^{iφ/2}
  const dAlpha =
    Re(m0r, m0i, -0.5 * s * cp, 0.5 * s * sp) + Re(m1r, m1i, 0.5 * c * cp, 0.5 * c * sp);
  // ∂a0/∂φ = −i/2·a0, ∂a1/∂φ = i/2·a1
  const a0r = amps[4 * q],
    a0i = amps[4 * q + 1],
    a1r = amps[4 * q + 2],
    a1i = amps[4 * q + 3];
  const dPhi = Re(m0r, m0i, a0i / 2, -a0r / 2) + Re(m1r, m1i, -a1i / 2, a1r / 2);
  gradParams[2 * q] += dAlpha;
  gradParams[2 * q + 1] += dPhi;
  if (gradX) gradX[xOffset + q] = Math.PI * dAlpha;
}

/** Re((ar + i·ai)·(br + i·bi)). */
function Re(ar: number, ai: number, br: number, bi: number): number {
  return ar * br - ai * bi;
}

/**
 * Floating-point operations (adds and multiplies, trig calls not counted) of one window's forward
 * and backward pass, counted from the loops above: the numerator of the benchmark's share of the
 * machine's peak.
 */
export function kernelFlops(qubits: number, depth: number): number {
  const n = qubits;
  const dim = 1 << n;
  const later = depth - 1; // ansatz layers applied gate by gate
  // product state: 2 complex products per entry of each growing length; readout: |ψ|² and Σ±p.
  const forward = 12 * (dim - 1) + later * n * 12 * dim + dim * (3 + 2 * n);
  // backward recomputes the forward, seeds λ, un-computes and differentiates each gate
  // (ψ and λ each through G†, plus 34 flops per amplitude for ∂θ, ∂φ), contracts λ (14 flops per
  // entry written) and finishes each qubit.
  const backward =
    forward + dim * (2 * n + 4) + later * n * 58 * dim + 14 * contractionOutputs(n) + 30 * n;
  return forward + backward;
}

/** Entries that productStateGradients' contractions write for a range of m qubits. */
function contractionOutputs(m: number): number {
  if (m === 1) return 0;
  const upper = m >> 1;
  // Σ 2^k for k from `low` to m−1: one halving per contracted axis.
  const halvings = (low: number) => (1 << m) - (1 << low);
  return (
    halvings(upper) +
    halvings(m - upper) +
    contractionOutputs(upper) +
    contractionOutputs(m - upper)
  );
}
