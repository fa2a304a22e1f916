import * as tf from '../tf';
import type { ExtendedGate, ExtendedProgram, FixedGateName, Gate } from '../circuit/circuitProgram';
import { customOp } from '../customOp';
import type { InputGradient, QuanvSimulator } from '../simulator';
import { nativeCosSin, preciseCosSin, type CosSin } from './trig';
import { cnotRunImage, zSign } from './basisTables';

/**
 * A circuit program (circuitProgram.ts) as a batched statevector simulation in tfjs ops: the
 * reference simulator, differentiated by tfjs autodiff.
 *
 * Until its first CNOT a circuit keeps a product state, so it is simulated per qubit: two complex
 * amplitudes per qubit and window, [P, 1] each (the encoding and every rotation before the first
 * entangling gate cost elementwise ops, never a 2ⁿ vector). At the first CNOT the Kronecker product
 * gives the [P, 2ⁿ] state, and the remaining gates act on it: a rotation as a 2×2 complex
 * contraction on its qubit, a run of CNOTs as one gather by a fixed basis permutation. CNOTs after
 * the last rotation are folded into the readout matrix, so they cost nothing.
 * Real and imaginary parts are separate float32 tensors: tfjs has no complex matmul.
 */

interface Complex {
  readonly re: tf.Tensor;
  readonly im: tf.Tensor;
}

type CnotGate = Extract<Gate, { op: 'cnot' }>;

/** Per backend and CNOT run: a backend switch (fallback) must not reuse another's tensors. */
const permutations = new Map<string, { source: tf.Tensor1D; image: tf.Tensor1D }>();
const readouts = new Map<string, tf.Tensor2D>();

const runKey = (n: number, run: readonly CnotGate[]) =>
  `${tf.getBackend()}:${n}:${run.map((g) => `${g.control}-${g.target}`).join(',')}`;

function permutation(n: number, run: readonly CnotGate[]) {
  const key = runKey(n, run);
  let p = permutations.get(key);
  if (!p) {
    const dim = 1 << n;
    const source = new Int32Array(dim);
    const image = new Int32Array(dim);
    for (let b = 0; b < dim; b++) {
      image[b] = cnotRunImage(b, n, run);
      source[image[b]] = b;
    }
    p = {
      source: tf.keep(tf.tensor1d(source, 'int32')),
      image: tf.keep(tf.tensor1d(image, 'int32')),
    };
    permutations.set(key, p);
  }
  return p;
}

/** [2ⁿ, n]: ⟨Z_j⟩ = Σ_b p(b)·readout[b, j], with a final CNOT run folded in. */
function readout(n: number, run: readonly CnotGate[]): tf.Tensor2D {
  const key = runKey(n, run);
  let r = readouts.get(key);
  if (!r) {
    const dim = 1 << n;
    const values = new Float32Array(dim * n);
    for (let b = 0; b < dim; b++) {
      const image = cnotRunImage(b, n, run);
      for (let q = 0; q < n; q++) values[b * n + q] = zSign(image, q, n);
    }
    r = tf.keep(tf.tensor2d(values, [dim, n]));
    readouts.set(key, r);
  }
  return r;
}

/**
 * A run of CNOTs on a [P, 2ⁿ] batch of amplitudes. tfjs's own gradient of gather is a generic
 * scatter-add (unsortedSegmentSum), slow on the CPU and WebGL; the inverse of a permutation is a
 * gather by the inverse permutation.
 */
function permuteBasis(t: tf.Tensor, p: { source: tf.Tensor1D; image: tf.Tensor1D }): tf.Tensor {
  const op = customOp<(x: tf.Tensor) => tf.Tensor>((x: tf.Tensor) => ({
    value: tf.gather(x, p.source, 1),
    gradFunc: (dy: tf.Tensor) => tf.gather(dy, p.image, 1),
  }));
  return op(t);
}

/** Identity forward, zero gradient: the `measured` semantics' stop at the encoding. */
const stopGradient = customOp<(x: tf.Tensor2D) => tf.Tensor2D>((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/**
 * exp(−iθσ/2) on the amplitude pair (x0, x1) of one qubit, given c = cos(θ/2), s = sin(θ/2)
 * (scalars, or per-window tensors that broadcast against the pair):
 * RX = [[c, −is], [−is, c]], RY = [[c, −s], [s, c]], RZ = diag(c − is, c + is).
 */
function rotate(
  axis: 'x' | 'y' | 'z',
  c: tf.Tensor,
  s: tf.Tensor,
  x0: Complex,
  x1: Complex,
): [Complex, Complex] {
  const m = tf.mul;
  switch (axis) {
    case 'y':
      return [
        { re: tf.sub(m(c, x0.re), m(s, x1.re)), im: tf.sub(m(c, x0.im), m(s, x1.im)) },
        { re: tf.add(m(s, x0.re), m(c, x1.re)), im: tf.add(m(s, x0.im), m(c, x1.im)) },
      ];
    case 'z':
      return [
        { re: tf.add(m(c, x0.re), m(s, x0.im)), im: tf.sub(m(c, x0.im), m(s, x0.re)) },
        { re: tf.sub(m(c, x1.re), m(s, x1.im)), im: tf.add(m(c, x1.im), m(s, x1.re)) },
      ];
    case 'x':
      return [
        { re: tf.add(m(c, x0.re), m(s, x1.im)), im: tf.sub(m(c, x0.im), m(s, x1.re)) },
        { re: tf.add(m(c, x1.re), m(s, x0.im)), im: tf.sub(m(c, x1.im), m(s, x0.re)) },
      ];
  }
}

/** Kronecker product over qubits (qubit 0 most significant): per-qubit [P, 1] pairs → [P, 2ⁿ]. */
function productState(zero: Complex[], one: Complex[]): Complex {
  let re: tf.Tensor = tf.concat([zero[0].re, one[0].re], 1);
  let im: tf.Tensor = tf.concat([zero[0].im, one[0].im], 1);
  const p = re.shape[0];
  for (let q = 1; q < zero.length; q++) {
    const qRe = tf.concat([zero[q].re, one[q].re], 1).reshape([p, 1, 2]);
    const qIm = tf.concat([zero[q].im, one[q].im], 1).reshape([p, 1, 2]);
    const sRe = re.reshape([p, -1, 1]);
    const sIm = im.reshape([p, -1, 1]);
    re = tf.sub(tf.mul(sRe, qRe), tf.mul(sIm, qIm)).reshape([p, -1]);
    im = tf.add(tf.mul(sRe, qIm), tf.mul(sIm, qRe)).reshape([p, -1]);
  }
  return { re, im };
}

type PairMap = (x0: Complex, x1: Complex) => [Complex, Complex];

/** f on the amplitude pairs of qubit q of a [P, 2ⁿ] state. */
function onQubit(state: Complex, q: number, n: number, f: PairMap): Complex {
  const p = state.re.shape[0];
  const shape = [p, 1 << q, 2, 1 << (n - 1 - q)];
  const [r0, r1] = tf.split(state.re.reshape(shape), 2, 2);
  const [i0, i1] = tf.split(state.im.reshape(shape), 2, 2);
  const [n0, n1] = f({ re: r0, im: i0 }, { re: r1, im: i1 });
  return {
    re: tf.concat([n0.re, n1.re], 2).reshape([p, -1]),
    im: tf.concat([n0.im, n1.im], 2).reshape([p, -1]),
  };
}

/** Applies one rotation to qubit q of a [P, 2ⁿ] state (c, s scalars or [P, 1] per window). */
function applyRotation(
  state: Complex,
  axis: 'x' | 'y' | 'z',
  q: number,
  n: number,
  c: tf.Tensor,
  s: tf.Tensor,
): Complex {
  const p = state.re.shape[0];
  const perWindow = (t: tf.Tensor) => (t.rank === 0 ? t : t.reshape([p, 1, 1, 1]));
  return onQubit(state, q, n, (x0, x1) => rotate(axis, perWindow(c), perWindow(s), x0, x1));
}

/** A fixed one-qubit gate on an amplitude pair (circuitProgram.ts FIXED_GATES). */
function fixedGate(name: FixedGateName): PairMap {
  const r = Math.SQRT1_2;
  const times = (t: tf.Tensor, k: number) => tf.mul(t, k);
  const neg = tf.neg;
  return (x0, x1) => {
    switch (name) {
      case 'h':
        return [
          { re: times(tf.add(x0.re, x1.re), r), im: times(tf.add(x0.im, x1.im), r) },
          { re: times(tf.sub(x0.re, x1.re), r), im: times(tf.sub(x0.im, x1.im), r) },
        ];
      case 'x':
        return [x1, x0];
      case 'y': // [[0, −i], [i, 0]]
        return [
          { re: x1.im, im: neg(x1.re) },
          { re: neg(x0.im), im: x0.re },
        ];
      case 'z':
        return [x0, { re: neg(x1.re), im: neg(x1.im) }];
      case 's':
        return [x0, { re: neg(x1.im), im: x1.re }];
      case 'sdg':
        return [x0, { re: x1.im, im: neg(x1.re) }];
      case 't':
        return [x0, { re: times(tf.sub(x1.re, x1.im), r), im: times(tf.add(x1.re, x1.im), r) }];
      case 'tdg':
        return [x0, { re: times(tf.add(x1.re, x1.im), r), im: times(tf.sub(x1.im, x1.re), r) }];
    }
  };
}

/** [1, 2ⁿ]: 1 where every qubit of `qubits` is 1, else 0. */
function bitMask(n: number, qubits: readonly number[]): tf.Tensor {
  const values = new Float32Array(1 << n);
  for (let b = 0; b < 1 << n; b++) {
    values[b] = qubits.every((q) => (b >> (n - 1 - q)) & 1) ? 1 : 0;
  }
  return tf.tensor2d(values, [1, 1 << n]);
}

/** A SWAP is three CNOTs: as a CNOT run it folds into the basis permutations and the readout. */
function withSwapsAsCnots(gates: readonly ExtendedGate[]): ExtendedGate[] {
  return gates.flatMap((g): ExtendedGate[] =>
    g.op === 'swap'
      ? [
          { op: 'cnot', control: g.a, target: g.b },
          { op: 'cnot', control: g.b, target: g.a },
          { op: 'cnot', control: g.a, target: g.b },
        ]
      : [g],
  );
}

function expectZ(
  program: ExtendedProgram,
  windows: tf.Tensor2D,
  params: tf.Tensor,
  inputGradient: InputGradient,
  cosSin: CosSin,
): tf.Tensor2D {
  return tf.tidy(() => {
    const n = program.qubits;
    const count = windows.shape[0];
    const x = inputGradient === 'measured' ? stopGradient(windows) : windows;
    // Every angle's half-angle cos/sin in one call each: [2, paramCount] and [2, P, n].
    const trig = cosSin(tf.mul(tf.reshape(params, [program.paramCount]), 0.5));
    const encoding = cosSin(tf.mul(x, Math.PI / 2));
    const paramTrig = (k: 0 | 1, i: number) => tf.slice(trig, [k, i], [1, 1]).reshape([]);
    const inputTrig = (k: 0 | 1, q: number) =>
      tf.slice(encoding, [k, 0, q], [1, count, 1]).reshape([count, 1]);

    const gates = withSwapsAsCnots(program.gates);
    let lastRotation = gates.length - 1;
    while (lastRotation >= 0 && gates[lastRotation].op === 'cnot') lastRotation--;

    // Product phase: per-qubit amplitudes, |0⟩ to start.
    const zeros = tf.zeros([count, 1]);
    const zero: Complex[] = Array.from({ length: n }, () => ({
      re: tf.ones([count, 1]),
      im: zeros,
    }));
    const one: Complex[] = Array.from({ length: n }, () => ({ re: zeros, im: zeros }));
    let state: Complex | null = null;
    /** A one-qubit map on qubit q, in whichever phase the simulation is. */
    const single = (q: number, f: PairMap) => {
      if (state) state = onQubit(state, q, n, f);
      else [zero[q], one[q]] = f(zero[q], one[q]);
    };
    const rotation = (axis: 'x' | 'y' | 'z', q: number, c: tf.Tensor, s: tf.Tensor) => {
      if (state) state = applyRotation(state, axis, q, n, c, s);
      else [zero[q], one[q]] = rotate(axis, c, s, zero[q], one[q]);
    };
    for (let i = 0; i <= lastRotation;) {
      const g = gates[i];
      if (g.op === 'cnot') {
        const run: CnotGate[] = [];
        while (i <= lastRotation && gates[i].op === 'cnot') run.push(gates[i++] as CnotGate);
        state ??= productState(zero, one);
        const p = permutation(n, run);
        state = { re: permuteBasis(state.re, p), im: permuteBasis(state.im, p) };
        continue;
      }
      i++;
      switch (g.op) {
        case 'encode': {
          const kind = 'encoding' in g ? g.encoding : 'ry';
          if (kind === 'hrz') single(g.qubit, fixedGate('h'));
          const axis = kind === 'rx' ? 'x' : kind === 'hrz' ? 'z' : 'y';
          rotation(axis, g.qubit, inputTrig(0, g.qubit), inputTrig(1, g.qubit));
          break;
        }
        case 'rot':
          rotation(g.axis, g.qubit, paramTrig(0, g.param), paramTrig(1, g.param));
          break;
        case 'frot':
          rotation(
            g.axis,
            g.qubit,
            tf.scalar(Math.cos(g.angle / 2)),
            tf.scalar(Math.sin(g.angle / 2)),
          );
          break;
        case 'fixed':
          single(g.qubit, fixedGate(g.gate));
          break;
        case 'cz': {
          const s: Complex = state ?? productState(zero, one);
          // 1 − 2·[both bits 1]: −1 there, 1 elsewhere
          const flip = tf.sub(1, tf.mul(bitMask(n, [g.a, g.b]), 2));
          state = { re: tf.mul(s.re, flip), im: tf.mul(s.im, flip) };
          break;
        }
        case 'crot': {
          // the rotated state where the control is 1, the state as it was elsewhere
          const s: Complex = state ?? productState(zero, one);
          const rotated = applyRotation(
            s,
            g.axis,
            g.target,
            n,
            paramTrig(0, g.param),
            paramTrig(1, g.param),
          );
          const on = bitMask(n, [g.control]);
          const off = tf.sub(1, on);
          state = {
            re: tf.add(tf.mul(rotated.re, on), tf.mul(s.re, off)),
            im: tf.add(tf.mul(rotated.im, on), tf.mul(s.im, off)),
          };
          break;
        }
        case 'swap':
          break; // expanded into CNOTs above
      }
    }
    state ??= productState(zero, one);
    const tail = gates.slice(lastRotation + 1) as CnotGate[];
    const probabilities = tf.add(tf.square(state.re), tf.square(state.im));
    return tf.matMul(probabilities, readout(n, tail));
  });
}

export interface StatevectorOptions {
  /**
   * Evaluate sin and cos with tfjs ops exact to float32 instead of the backend's kernels: needed
   * on WebGPU, whose trig may be off by 2⁻¹¹ (see trig.ts).
   */
  readonly preciseTrig?: boolean;
}

export function createTfjsOpSimulator(options: StatevectorOptions = {}): QuanvSimulator {
  const cosSin = options.preciseTrig ? preciseCosSin : nativeCosSin;
  return {
    name: options.preciseTrig ? 'tfjs-ops statevector (precise trig)' : 'tfjs-ops statevector',
    extendedGates: true,
    expectZ: (program, windows, params, inputGradient) =>
      expectZ(program, windows, params, inputGradient, cosSin),
  };
}

/**
 * ⟨Z⟩ [P, n] of a program of the wider gate set (circuitProgram.ts ExtendedGate), differentiable
 * like the simulator's expectZ (which is the same function), with its options given here.
 */
export function tfjsOpExpectZExtended(
  program: ExtendedProgram,
  windows: tf.Tensor2D,
  params: tf.Tensor,
  inputGradient: InputGradient,
  options: StatevectorOptions = {},
): tf.Tensor2D {
  return expectZ(
    program,
    windows,
    params,
    inputGradient,
    options.preciseTrig ? preciseCosSin : nativeCosSin,
  );
}
