import * as tf from '../tf';
import { addShotEstimates, shotEstimates, type ShotStream } from './binomial';
import { shiftRules, type ShiftTerm } from './shiftRule';
import { shiftSums } from './shiftSums';
import type { ExtendedProgram } from '../circuit/circuitProgram';
import { customOp } from '../customOp';
import { rowsSource } from '../windows/windowSource';
import { expectZSetsOneByOne, type InputGradient, type QuanvSimulator } from '../simulator';

/*
 * Finite shots (docs/model.md §6) on top of any simulator: what hardware would report.
 * - forward: each ⟨Z_j⟩ of each window is estimated from `shots` measurements (shotEstimates);
 * - backward: the parameter-shift rule on shot estimates (shiftRule.ts). For every parameter, the
 *   circuits with that angle shifted by ±π/2 are run (by the wrapped simulator, exactly) and each
 *   estimated from `shots` shots; ∂/∂θ_i ≈ Σ dy·(Ê₊ − Ê₋)/2. An angle of a controlled rotation
 *   gets the four-term rule: ±π/2 and ±3π/2, four circuits. Under `exact`, the two-term rule per
 *   encoding angle (x shifted by ±1/2, since the angle is π·x; factor π). Under `measured` the
 *   windows get no gradient.
 *
 * None of these circuits depends on the cotangent dy, so all of them are run and sampled before
 * the pass, asynchronously (prepareShots): the exact values come back with `await data()` (once
 * for a typical layer, in groups for a large one), which every backend does correctly (tfjs's
 * synchronous read-back on `webgpu` goes through a canvas and returned wrong values on
 * SwiftShader). The pass itself (ShotLayer) is then a custom op whose value is the prepared
 * estimate and whose gradient combines the prepared differences with dy in tensor ops, on the
 * device. One path for every backend; where the simulator's kernel works in main memory (the
 * fused CPU one, `arrays`) the circuits skip tensors and read-backs, and a step on typed arrays
 * runs the same pass without tfjs (estimates, arrayGradients).
 *
 * Every draw comes from `stream`, in a fixed order (the forward estimates, then per parameter the
 * +π/2 and the −π/2 circuit, and for a controlled rotation's angle then the +3π/2 and the −3π/2
 * one, then per encoding angle the +1/2 and the −1/2 one), so a seeded stream gives the same
 * numbers every time, and a circuit without controlled rotations the same numbers as before.
 */

/** Which shifted circuits to prepare: none are needed for a forward pass alone. */
export interface ShotNeeds {
  /** The shifted circuits of every parameter (a trainable layer's gradient); without, a zero one. */
  readonly params: boolean;
  /** The ±1/2 input shifts of every encoding angle (the windows' gradient under `exact`). */
  readonly inputs: boolean;
}

/** One layer's shot estimates for one pass over fixed windows and angles. Owns its tensors. */
export interface ShotLayer extends QuanvSimulator {
  /**
   * The expected norm of the shot noise in the last backward pass's parameter gradient: the
   * spread of the estimate of a gradient that is exactly zero, √(Σ_i Var ĝ_i) with
   * Var ĝ_i = Σ dy²·[(1 − z₊²) + (1 − z₋²)]/(4·shots) (four-term: Σ_t c_t²·[…]/shots over its
   * terms, c = 1/2 being the two-term rule's). A new scalar (the caller disposes it);
   * 0 when no backward pass reached the layer.
   */
  gradientNoise(): tf.Scalar;
  /** The prepared estimates [count, n] as an array: the pass's value (the op returns them). */
  readonly estimates: Float32Array;
  /**
   * The op's gradient on typed arrays, for a step that runs without tfjs (the model's typed
   * step): with the cotangent dy [count, n] of the estimates, ∂/∂ the angles (zeros where the
   * shifts were not prepared), ∂/∂ the windows [count, n] under `exact` (null under `measured`)
   * and the noise norm gradientNoise() gives after the tfjs pass. Sums in float64.
   */
  arrayGradients(
    dy: Float32Array,
    inputGradient: InputGradient,
  ): { params: Float32Array; windows: Float32Array | null; noise: number };
  dispose(): void;
}

const HALF_PI = Math.PI / 2;

/**
 * Values read back at once (16 MiB): a large layer's circuits are run and sampled in groups, so
 * the exact values never all sit in memory together; the draws keep their order.
 */
const MAX_READ_BACK = 1 << 22;

/**
 * One circuit of the preparation: the layer's own, one with an angle shifted by ±`term.shift`, or
 * one with an input shifted by ±1/2.
 */
type ShotRun =
  | { readonly kind: 'base' }
  | {
      readonly kind: 'param';
      readonly index: number;
      readonly sign: 1 | -1;
      readonly term: ShiftTerm;
    }
  | { readonly kind: 'input'; readonly index: number; readonly sign: 1 | -1 };

/** The circuits in the order their shots are drawn; `rules` has one rule per parameter. */
function shotRuns(rules: readonly (readonly ShiftTerm[])[], inputCount: number): ShotRun[] {
  const runs: ShotRun[] = [{ kind: 'base' }];
  rules.forEach((rule, index) => {
    for (const term of rule)
      for (const sign of [1, -1] as const) runs.push({ kind: 'param', index, sign, term });
  });
  for (let index = 0; index < inputCount; index++)
    for (const sign of [1, -1] as const) runs.push({ kind: 'input', index, sign });
  return runs;
}

/**
 * Runs `program` exactly on `windows` [count, n] with `params`, and the shifted circuits `needs`
 * asks for, reads them back asynchronously (at most `maxReadBack` values at a time) and samples
 * every value from `shots` shots.
 */
export async function prepareShots(
  inner: QuanvSimulator,
  program: ExtendedProgram,
  windows: tf.Tensor2D,
  params: tf.Tensor,
  shots: number,
  stream: ShotStream,
  needs: ShotNeeds,
  maxReadBack = MAX_READ_BACK,
): Promise<ShotLayer> {
  const [count, n] = windows.shape;
  const size = count * n;
  // A copy: shifted angles are built from it (and tfjs may hand out its own buffer).
  const angles = Float32Array.from((await params.data()) as Float32Array);
  const paramCount = needs.params ? angles.length : 0;
  const inputCount = needs.inputs ? n : 0;
  const values = new Float32Array(size);
  // Per parameter Σ_t 2c_t·(Ê₊ − Ê₋) over its rule's terms (Ê₊ − Ê₋ for the two-term rule), and
  // the noise weight Σ 4c_t²·(1 − z²) over every shifted circuit per entry.
  const paramDiffs = new Float32Array(paramCount * size);
  const noiseWeights = new Float32Array(size);
  // Per encoding angle q: Ê₊ − Ê₋ of every window's outputs.
  const inputDiffs = new Float32Array(inputCount * size);

  // One circuit's exact values sampled in the draw order, each straight into what the pass
  // uses: the forward values, or (weighted) its parameter's differences.
  const sample = (r: ShotRun, z: Float32Array) => {
    if (r.kind === 'base') {
      shotEstimates(z, shots, stream, values);
      return;
    }
    const diffs = r.kind === 'param' ? paramDiffs : inputDiffs;
    const to = r.index * size;
    // 1 for the two-term rule and the inputs, so their sums are what they always were.
    const scale = r.kind === 'param' ? 2 * r.term.coefficient : 1;
    // A shifted parameter's circuit also adds its weight in the noise floor, 4c²·(1 − z²).
    const spread = r.kind === 'param' ? { into: noiseWeights, weight: scale * scale } : undefined;
    addShotEstimates(z, shots, stream, diffs.subarray(to, to + size), r.sign * scale, spread);
  };
  const anglesOf = (r: ShotRun) => {
    const set = Float32Array.from(angles);
    if (r.kind === 'param') set[r.index] += r.sign * r.term.shift;
    return set;
  };

  const runs = shotRuns(needs.params ? shiftRules(program) : [], inputCount);
  const arrays = inner.arrays;
  if (arrays) {
    // A kernel in main memory (the fused CPU one): each circuit on typed arrays, run and
    // sampled in turn, no tensors (the same kernel calls as expectZSets makes, so the same
    // values; the input shifts rounded to float32 as tf.add rounds them). The circuit and its
    // input shifts share the angles, so their windows go stacked into one call (a kernel's work
    // per call, such as its compiled angles, is done once; a window's values do not depend on
    // the others'); the draws keep their order.
    const rows = Float32Array.from((await windows.data()) as Float32Array);
    const source = rowsSource(rows, n);
    const moves = runs.filter((r) => r.kind === 'input');
    const stacked = new Float32Array((1 + moves.length) * size);
    moves.forEach((r, i) => {
      const at = (i + 1) * size;
      stacked.set(rows, at);
      for (let k = at + r.index; k < at + size; k += n) stacked[k] += r.sign / 2;
    });
    stacked.set(rows);
    const shared = arrays.expectZ(program, rowsSource(stacked, n), angles);
    // An angle no gate reads (a dead one the executed program left out) changes nothing: its
    // shifted circuits are the circuit itself, sampled anew.
    const read = new Array<boolean>(angles.length).fill(false);
    for (const g of program.gates) if (g.op === 'rot' || g.op === 'crot') read[g.param] = true;
    let next = 0;
    for (const r of runs) {
      if (r.kind !== 'param') sample(r, shared.subarray(next * size, ++next * size));
      else if (!read[r.index]) sample(r, shared.subarray(0, size));
      else sample(r, arrays.expectZ(program, source, anglesOf(r)));
    }
  }
  const perGroup = Math.max(1, Math.floor(maxReadBack / size));
  for (let start = 0; !arrays && start < runs.length; start += perGroup) {
    const group = runs.slice(start, start + perGroup);
    const exact = tf.tidy(() => {
      const run = (w: tf.Tensor2D, p: tf.Tensor) =>
        inner.expectZ(program, w, p, 'measured').reshape([-1]);
      // The base and parameter-shifted circuits (first in the order) as parameter sets, run in
      // one dispatch or loop by the fused kernels; the input shifts (last) in one call, since
      // their angles are the same.
      const sets: Float32Array[] = [];
      const moved: tf.Tensor2D[] = [];
      for (const r of group) {
        if (r.kind === 'input')
          moved.push(tf.add(windows, tf.mul(tf.oneHot(r.index, n), r.sign / 2)));
        else sets.push(anglesOf(r));
      }
      const parts: tf.Tensor[] = [];
      if (sets.length > 0) {
        const flat = new Float32Array(sets.length * angles.length);
        sets.forEach((set, i) => flat.set(set, i * angles.length));
        const paramSets = tf.tensor2d(flat, [sets.length, angles.length]);
        const z = inner.expectZSets
          ? inner.expectZSets(program, windows, paramSets)
          : expectZSetsOneByOne(inner, program, windows, paramSets);
        parts.push(z.reshape([-1]));
      }
      if (moved.length > 0) parts.push(run(tf.concat(moved), params));
      return tf.concat(parts);
    });
    const z = (await exact.data()) as Float32Array;
    exact.dispose();
    group.forEach((r, j) => sample(r, z.subarray(j * size, (j + 1) * size)));
  }

  const estimates = tf.tensor2d(values, [count, n]);
  // The gradient's tensors, made by the tensor pass's first backward only: the typed step
  // (arrayGradients) reads the arrays, and copying them into tensors every step was wasted.
  let gradTensors: {
    diffs: tf.Tensor2D | null;
    weights: tf.Tensor2D | null;
    moves: tf.Tensor3D | null;
  } | null = null;
  const tensorsForGradient = () =>
    (gradTensors ??= {
      diffs: paramCount > 0 ? tf.keep(tf.tensor2d(paramDiffs, [paramCount, size])) : null,
      weights: paramCount > 0 ? tf.keep(tf.tensor2d(noiseWeights, [size, 1])) : null,
      moves: inputCount > 0 ? tf.keep(tf.tensor3d(inputDiffs, [n, count, n])) : null,
    });
  let noise: tf.Scalar | null = null;

  const op = (inputGradient: InputGradient) =>
    customOp<(w: tf.Tensor2D, p: tf.Tensor) => tf.Tensor2D>((w: tf.Tensor2D, p: tf.Tensor) => ({
      value: estimates.clone(),
      gradFunc: (dy: tf.Tensor) => {
        const { diffs, weights, moves } = tensorsForGradient();
        if (inputGradient === 'exact' && !moves)
          throw new Error('shot estimates were prepared without the input-shifted circuits');
        const column = tf.reshape(dy, [size, 1]);
        // Angles prepared without shifts (a frozen layer's) get none; the pass still runs through
        // this op when a trainable layer lies before it.
        let gradParams: tf.Tensor = tf.zerosLike(p);
        if (diffs && weights) {
          gradParams = tf.reshape(tf.mul(tf.matMul(diffs, column), 0.5), p.shape);
          noise?.dispose();
          noise = tf.keep(
            tf.sqrt(tf.div(tf.sum(tf.mul(tf.square(column), weights)), 4 * shots)) as tf.Scalar,
          );
        }
        // ∂/∂x_q = (π/2)·Σ_j dy_j·(Ê₊ − Ê₋) per window, from moves [q, window, j].
        const gradWindows =
          inputGradient === 'exact' && moves
            ? tf.transpose(tf.mul(tf.sum(tf.mul(moves, tf.expandDims(dy, 0)), 2), HALF_PI))
            : tf.zerosLike(w);
        return [gradWindows, gradParams];
      },
    }));

  return {
    name: `${inner.name}, ${shots} shots`,
    expectZ: (prog, w, p, inputGradient) => {
      if (prog !== program || w.shape[0] !== count || w.shape[1] !== n)
        throw new Error(
          `shot estimates were prepared for ${count} windows of this circuit, not ${w.shape[0]}: ` +
            'prepare the pass again',
        );
      return op(inputGradient)(w, p);
    },
    gradientNoise: () => (noise ? noise.clone() : tf.scalar(0)),
    estimates: values,
    arrayGradients: (dy, inputGradient) => {
      if (inputGradient === 'exact' && inputCount === 0)
        throw new Error('shot estimates were prepared without the input-shifted circuits');
      const gradParams = new Float32Array(angles.length);
      let weighted = 0;
      if (paramCount > 0)
        shiftSums(paramDiffs, dy).forEach((sum, i) => (gradParams[i] = 0.5 * sum));
      if (paramCount > 0)
        for (let k = 0; k < size; k++) weighted += dy[k] * dy[k] * noiseWeights[k];
      let gradWindows: Float32Array | null = null;
      if (inputGradient === 'exact') {
        // ∂/∂x_q = (π/2)·Σ_j dy_j·(Ê₊ − Ê₋) per window, as the op's gradient.
        gradWindows = new Float32Array(size);
        for (let q = 0; q < n; q++) {
          for (let w = 0; w < count; w++) {
            let sum = 0;
            for (let j = 0, at = q * size + w * n; j < n; j++)
              sum += dy[w * n + j] * inputDiffs[at + j];
            gradWindows[w * n + q] = HALF_PI * sum;
          }
        }
      }
      return { params: gradParams, windows: gradWindows, noise: Math.sqrt(weighted / (4 * shots)) };
    },
    dispose: () => {
      const lazy = gradTensors ? [gradTensors.diffs, gradTensors.weights, gradTensors.moves] : [];
      for (const t of [estimates, ...lazy, noise]) t?.dispose();
      noise = null;
      gradTensors = null;
    },
  };
}
