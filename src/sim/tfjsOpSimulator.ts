import * as tf from './tf';
import { customOp } from './customOp';
import type { InputGradient, QuanvSimulator } from './simulator';
import { nativeCosSin, preciseCosSin, type CosSin } from './trig';
import { cnotRingImage, zSign } from './ringTables';

/**
 * The quanv filter as a batched statevector simulation in tfjs ops (docs/model.md §1).
 *
 * The encoded state RY(π·x)|0…0⟩ is a product state, and so is the state after the first ansatz
 * layer's single-qubit gates: RY(θ)·RY(πx) = RY(πx + θ), then RZ(φ) only adds phases. So the first
 * layer costs one Kronecker product of per-qubit 2-vectors, built for all P windows at once, and
 * never a 2ⁿ×2ⁿ matrix. Layers 2…L act on the full [P, 2ⁿ] state gate by gate (a 2×2 complex
 * contraction per qubit), which for 9 qubits is far cheaper than compiling a 512×512 unitary.
 * The CNOT ring is a fixed permutation of basis indices: a gather between layers, and after the
 * last layer it is folded into the readout matrix, so it costs nothing there.
 * Real and imaginary parts are separate float32 tensors: tfjs has no complex matmul.
 */

interface Constants {
  /** gather indices: state after the ring at b' is the state before it at ringSource[b']. */
  readonly ringSource: tf.Tensor1D;
  /** The inverse permutation (ringImage[b] = b'), which carries gradients back through the ring. */
  readonly ringImage: tf.Tensor1D;
  /** [2ⁿ, n]: ⟨Z_j⟩ = Σ_b p(b)·readout[b, j], with the final CNOT ring folded in. */
  readonly readout: tf.Tensor2D;
}

/** Per backend and qubit count: a backend switch (fallback) must not reuse another's tensors. */
const constantsByKey = new Map<string, Constants>();

function constants(n: number): Constants {
  const key = `${tf.getBackend()}:${n}`;
  let c = constantsByKey.get(key);
  if (!c) {
    const dim = 1 << n;
    const images = new Int32Array(dim);
    const source = new Int32Array(dim);
    const readout = new Float32Array(dim * n);
    for (let b = 0; b < dim; b++) {
      const image = cnotRingImage(b, n);
      source[image] = b;
      images[b] = image;
      for (let q = 0; q < n; q++) readout[b * n + q] = zSign(image, q, n);
    }
    c = {
      ringSource: tf.keep(tf.tensor1d(source, 'int32')),
      ringImage: tf.keep(tf.tensor1d(images, 'int32')),
      readout: tf.keep(tf.tensor2d(readout, [dim, n])),
    };
    constantsByKey.set(key, c);
  }
  return c;
}

/**
 * The CNOT ring on a [P, 2ⁿ] batch of amplitudes. tfjs's own gradient of gather is a generic
 * scatter-add (unsortedSegmentSum), slow on the CPU and WebGL; the inverse of a permutation is a
 * gather by the inverse permutation.
 */
function permuteBasis(t: tf.Tensor, c: Constants): tf.Tensor {
  const op = customOp<(x: tf.Tensor) => tf.Tensor>((x: tf.Tensor) => ({
    value: tf.gather(x, c.ringSource, 1),
    gradFunc: (dy: tf.Tensor) => tf.gather(dy, c.ringImage, 1),
  }));
  return op(t);
}

/** Identity forward, zero gradient: the `measured` semantics' stop at the encoding. */
const stopGradient = customOp<(x: tf.Tensor2D) => tf.Tensor2D>((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

interface Complex {
  readonly re: tf.Tensor;
  readonly im: tf.Tensor;
}

/**
 * Per-qubit amplitudes after encoding and the first layer's RY(θ)·RZ(φ): for qubit j,
 * (cos(α/2)·e^{-iφ/2}, sin(α/2)·e^{iφ/2}) with α = π·x_j + θ_j. Shapes [P, n] each.
 * `phiCos`, `phiSin` are cos(φ/2), sin(φ/2) of the first layer, [n].
 */
function firstLayerAmplitudes(
  x: tf.Tensor2D,
  theta: tf.Tensor,
  phiCos: tf.Tensor,
  phiSin: tf.Tensor,
  cosSin: CosSin,
) {
  const [c, s] = tf.unstack(cosSin(tf.mul(tf.add(tf.mul(x, Math.PI), theta), 0.5)));
  return {
    zero: { re: tf.mul(c, phiCos), im: tf.neg(tf.mul(c, phiSin)) },
    one: { re: tf.mul(s, phiCos), im: tf.mul(s, phiSin) },
  };
}

/** Kronecker product over qubits (qubit 0 most significant): [P, n] pairs → [P, 2ⁿ]. */
function productState(zero: Complex, one: Complex, n: number): Complex {
  const column = (t: tf.Tensor, q: number) => tf.slice(t, [0, q], [-1, 1]);
  let re: tf.Tensor = tf.concat([column(zero.re, 0), column(one.re, 0)], 1);
  let im: tf.Tensor = tf.concat([column(zero.im, 0), column(one.im, 0)], 1);
  const p = re.shape[0];
  for (let q = 1; q < n; q++) {
    const qRe = tf.concat([column(zero.re, q), column(one.re, q)], 1).reshape([p, 1, 2]);
    const qIm = tf.concat([column(zero.im, q), column(one.im, q)], 1).reshape([p, 1, 2]);
    const sRe = re.reshape([p, -1, 1]);
    const sIm = im.reshape([p, -1, 1]);
    re = tf.sub(tf.mul(sRe, qRe), tf.mul(sIm, qIm)).reshape([p, -1]);
    im = tf.add(tf.mul(sRe, qIm), tf.mul(sIm, qRe)).reshape([p, -1]);
  }
  return { re, im };
}

/** Half-angle cosines and sines of one gate: c, s of θ/2 and cp, sp of φ/2 (scalars). */
interface GateTrig {
  readonly c: tf.Tensor;
  readonly s: tf.Tensor;
  readonly cp: tf.Tensor;
  readonly sp: tf.Tensor;
}

/** RZ(φ)·RY(θ) as four complex entries: RY = [[c, −s], [s, c]], then RZ phases the rows. */
function singleQubitGate({ c, s, cp, sp }: GateTrig) {
  return {
    g00: { re: tf.mul(c, cp), im: tf.neg(tf.mul(c, sp)) },
    g01: { re: tf.neg(tf.mul(s, cp)), im: tf.mul(s, sp) },
    g10: { re: tf.mul(s, cp), im: tf.mul(s, sp) },
    g11: { re: tf.mul(c, cp), im: tf.mul(c, sp) },
  };
}

/** a·x + b·y for complex a, b (scalars) and x, y (states). */
function complexMulAdd(a: Complex, x: Complex, b: Complex, y: Complex): Complex {
  return {
    re: tf.addN([
      tf.mul(a.re, x.re),
      tf.neg(tf.mul(a.im, x.im)),
      tf.mul(b.re, y.re),
      tf.neg(tf.mul(b.im, y.im)),
    ]),
    im: tf.addN([tf.mul(a.re, x.im), tf.mul(a.im, x.re), tf.mul(b.re, y.im), tf.mul(b.im, y.re)]),
  };
}

/** Applies one single-qubit gate to qubit q of a [P, 2ⁿ] state. */
function applyGate(state: Complex, q: number, n: number, trig: GateTrig): Complex {
  const p = state.re.shape[0];
  const shape = [p, 1 << q, 2, 1 << (n - 1 - q)];
  const [r0, r1] = tf.split(state.re.reshape(shape), 2, 2);
  const [i0, i1] = tf.split(state.im.reshape(shape), 2, 2);
  const s0 = { re: r0, im: i0 };
  const s1 = { re: r1, im: i1 };
  const g = singleQubitGate(trig);
  const n0 = complexMulAdd(g.g00, s0, g.g01, s1);
  const n1 = complexMulAdd(g.g10, s0, g.g11, s1);
  return {
    re: tf.concat([n0.re, n1.re], 2).reshape([p, -1]),
    im: tf.concat([n0.im, n1.im], 2).reshape([p, -1]),
  };
}

function expectZ(
  windows: tf.Tensor2D,
  params: tf.Tensor3D,
  inputGradient: InputGradient,
  cosSin: CosSin,
): tf.Tensor2D {
  return tf.tidy(() => {
    const n = windows.shape[1];
    const depth = params.shape[0];
    const ring = constants(n);
    const x = inputGradient === 'measured' ? stopGradient(windows) : windows;
    // Every gate's half-angle cos/sin in one call: [2, L, n, 2] (cos|sin, layer, qubit, θ|φ).
    const trig = cosSin(tf.mul(params, 0.5));
    // Slices, not unstack: unstack's gradient fails when one of its outputs is unused.
    const pick = (k: 0 | 1, l: number, q: number | null, angle: 0 | 1) =>
      q === null
        ? tf.slice(trig, [k, l, 0, angle], [1, 1, n, 1]).reshape([n])
        : tf.slice(trig, [k, l, q, angle], [1, 1, 1, 1]).reshape([]);
    const theta = tf.slice(params, [0, 0, 0], [1, n, 1]).reshape([n]);
    const amps = firstLayerAmplitudes(x, theta, pick(0, 0, null, 1), pick(1, 0, null, 1), cosSin);
    let state = productState(amps.zero, amps.one, n);
    for (let l = 1; l < depth; l++) {
      state = { re: permuteBasis(state.re, ring), im: permuteBasis(state.im, ring) };
      for (let q = 0; q < n; q++) {
        state = applyGate(state, q, n, {
          c: pick(0, l, q, 0),
          s: pick(1, l, q, 0),
          cp: pick(0, l, q, 1),
          sp: pick(1, l, q, 1),
        });
      }
    }
    const probabilities = tf.add(tf.square(state.re), tf.square(state.im));
    return tf.matMul(probabilities, ring.readout);
  });
}

export interface StatevectorOptions {
  /**
   * Evaluate sin and cos with tfjs ops exact to float32 instead of the backend's kernels: needed
   * on WebGPU, whose trig may be off by 2⁻¹¹ (see trig.ts).
   */
  readonly preciseTrig?: boolean;
}

export function createStatevectorSimulator(options: StatevectorOptions = {}): QuanvSimulator {
  const cosSin = options.preciseTrig ? preciseCosSin : nativeCosSin;
  return {
    name: options.preciseTrig ? 'tfjs-ops statevector (precise trig)' : 'tfjs-ops statevector',
    expectZ: (windows, params, inputGradient) => expectZ(windows, params, inputGradient, cosSin),
  };
}
