import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit, type CircuitProgram, type Gate } from './circuitProgram';
import { deadParameters, structurallyDeadParameters, withoutDeadRotations } from './deadParameters';
import { mulberry32 } from '../../util/prng';
import { jsqubitsProgramParameterShift } from '../reference/jsqubitsProgram';
import { programExpectZ, programExpectZGradients } from '../cpu/simdKernel';
import { largestShiftChanges } from '../testing/shiftTest';
import { createTfjsOpSimulator } from '../tfjsOps/tfjsOpSimulator';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

/** A hand-written two-qubit program: both pixels encoded, then `ansatz` over `params` angles. */
const twoQubits = (params: number, ansatz: readonly Gate[]): CircuitProgram => ({
  family: 'random',
  qubits: 2,
  depth: 1,
  structureSeed: 0,
  paramShape: [params],
  paramCount: params,
  gates: [{ op: 'encode', qubit: 0 }, { op: 'encode', qubit: 1 }, ...ansatz],
});

const programs = CIRCUIT_FAMILIES.flatMap((family) =>
  [4, 9].flatMap((qubits) =>
    [1, 2, 3].flatMap((depth) =>
      [1, 2].map((seed) => compileCircuit({ family, qubits, depth, structureSeed: seed })),
    ),
  ),
);
const name = (p: CircuitProgram) =>
  `${p.family}, ${p.qubits} qubits, L = ${p.depth}, structure ${p.structureSeed}`;

describe('deadParameters', () => {
  it('finds the dead angles docs/model.md §6 names: the last layer’s φ of ryrz, γ of strong; none in basic', () => {
    for (const depth of [1, 2, 3]) {
      const ryrz = deadParameters(
        compileCircuit({ family: 'ryrz', qubits: 4, depth, structureSeed: 0 }),
      );
      // [L, n, 2]: every φ of the last layer, index (l·n + j)·2 + 1 with l = L − 1
      expect(ryrz.flatMap((d, i) => (d ? [i] : []))).toEqual(
        [0, 1, 2, 3].map((j) => ((depth - 1) * 4 + j) * 2 + 1),
      );
      const strong = deadParameters(
        compileCircuit({ family: 'strong', qubits: 4, depth, structureSeed: 0 }),
      );
      expect(strong.flatMap((d, i) => (d ? [i] : []))).toEqual(
        [0, 1, 2, 3].map((j) => ((depth - 1) * 4 + j) * 3 + 2),
      );
      const basic = compileCircuit({ family: 'basic', qubits: 9, depth, structureSeed: 0 });
      expect(deadParameters(basic).some(Boolean)).toBe(false);
    }
  });

  it('follows a Z through a CNOT target to its control, and stops at an RX there', () => {
    const program = twoQubits(3, [
      { op: 'rot', axis: 'z', qubit: 1, param: 0 }, // Z_1 → Z_0·Z_1 → meets RX on 0: live
      { op: 'cnot', control: 0, target: 1 },
      { op: 'rot', axis: 'x', qubit: 0, param: 1 },
      { op: 'rot', axis: 'z', qubit: 0, param: 2 }, // only RZ/CNOT control after: dead
      { op: 'cnot', control: 0, target: 1 },
    ]);
    expect(deadParameters(program)).toEqual([false, false, true]);
  });

  it('settles what the structural rule leaves open: an RZ on a real state, seen through a CNOT by an RX', () => {
    // ⟨Z_0⟩ after RX(φ) on qubit 0 mixes in ⟨Y_0⟩; back through the CNOT that is ⟨Y_0·X_1⟩ on the
    // product state RY⊗RZ·RY|00⟩, and ⟨Y_0⟩ = 0 on the real state of qubit 0: θ never shows.
    const program = twoQubits(2, [
      { op: 'rot', axis: 'z', qubit: 1, param: 0 },
      { op: 'cnot', control: 0, target: 1 },
      { op: 'rot', axis: 'x', qubit: 0, param: 1 },
    ]);
    expect(structurallyDeadParameters(program)).toEqual([false, false]);
    expect(deadParameters(program)).toEqual([true, false]);
    const [theta, phi] = largestShiftChanges(program, 3, 11);
    expect(theta).toBeLessThan(1e-12);
    expect(phi).toBeGreaterThan(1e-3);
  });

  /*
   * Sound and complete on random structures: an independent float64 simulator (shiftTest.ts)
   * shifts every angle by two different amounts at two random points, which changes a readout
   * unless the angle is dead (see there). Every angle marked live must change one by far more
   * than rounding, every angle marked dead none.
   */
  it.each(
    (['random', 'randomlayers'] as const).flatMap((family) =>
      (
        [
          [4, 1, 200],
          [4, 2, 200],
          [4, 3, 200],
          [9, 1, 40],
          [9, 2, 30],
          [9, 3, 20],
        ] as const
      ).map(([qubits, depth, structures]) => [family, qubits, depth, structures] as const),
    ),
  )(
    '%s structures, %i qubits, L = %i: %i structures, live ⇔ a shift changes a readout',
    (family, qubits, depth, structures) => {
      let onlyByTheCheck = 0;
      for (let seed = 1; seed <= structures; seed++) {
        const program = compileCircuit({ family, qubits, depth, structureSeed: seed });
        const dead = deadParameters(program);
        const structural = structurallyDeadParameters(program);
        const change = largestShiftChanges(program, 2, 1000 + seed);
        dead.forEach((isDead, p) => {
          const at = `structure ${seed}, parameter ${p}`;
          if (isDead) expect(change[p], `dead ${at}`).toBeLessThan(1e-12);
          else expect(change[p], `live ${at}`).toBeGreaterThan(1e-6);
          if (structural[p]) expect(isDead, `structurally dead ${at}`).toBe(true);
          if (isDead && !structural[p]) onlyByTheCheck++;
        });
      }
      // the sizes the issue scanned had such angles; the test must exercise the check
      if (depth === 1) expect(onlyByTheCheck).toBeGreaterThan(0);
    },
  );

  /** ∂(Σ dz·⟨Z⟩)/∂params on the tfjs-op simulator, `measured`. */
  const opsGradient = (
    program: CircuitProgram,
    x: Float32Array,
    params: number[],
    dz: Float32Array,
  ) =>
    tf.tidy(() => {
      const n = program.qubits;
      const windows = tf.tensor2d(x, [x.length / n, n]);
      const weights = tf.tensor2d(dz, [dz.length / n, n]);
      const f = (p: tf.Tensor) =>
        tf.sum(tf.mul(createTfjsOpSimulator().expectZ(program, windows, p, 'measured'), weights));
      return tf.grad(f)(tf.tensor1d(params)).dataSync();
    });

  /*
   * The measured gradients: every dead angle's is zero (up to float32 rounding in the kernels,
   * and exactly to float64 rounding on jsqubits), every live angle's is not. A live angle's
   * gradient at one random point can be small by chance (9 qubits: products of many cosines), so
   * each parameter's largest |∂| over three random points (5 windows each) is what is compared.
   */
  it.each(programs.map((p) => [name(p), p] as const))('gradients agree: %s', (_, program) => {
    const dead = deadParameters(program);
    const random = mulberry32(program.paramCount * 7 + program.structureSeed);
    const n = program.qubits;
    const count = 5;
    const simdLargest = new Array<number>(program.paramCount).fill(0);
    const opsLargest = new Array<number>(program.paramCount).fill(0);
    for (let draw = 0; draw < 3; draw++) {
      const x = Float32Array.from({ length: count * n }, () => random());
      const params = Array.from({ length: program.paramCount }, () => 2 * Math.PI * random());
      const dz = Float32Array.from({ length: count * n }, () => 2 * random() - 1);
      const simd = programExpectZGradients(program, x, params, dz, 'measured').params;
      const ops = opsGradient(program, x, params, dz);
      for (let i = 0; i < program.paramCount; i++) {
        simdLargest[i] = Math.max(simdLargest[i], Math.abs(simd[i]));
        opsLargest[i] = Math.max(opsLargest[i], Math.abs(ops[i]));
      }
      if (n === 4 && draw === 0) {
        // float64: the parameter-shift rule on jsqubits, one window
        const w = Array.from(dz.slice(0, n));
        const shift = jsqubitsProgramParameterShift(program, Array.from(x.slice(0, n)), params, w);
        dead.forEach((isDead, i) => {
          if (isDead) expect(Math.abs(shift.params[i]), `jsqubits: dead ${i}`).toBeLessThan(1e-12);
        });
      }
    }
    // The network runs the program without its dead rotations: the same values and live
    // gradients, and every dead gradient exactly 0 on both simulators.
    const executed = withoutDeadRotations(program);
    const x = Float32Array.from({ length: count * n }, () => random());
    const params = Array.from({ length: program.paramCount }, () => 2 * Math.PI * random());
    const dz = Float32Array.from({ length: count * n }, () => 2 * random() - 1);
    const full = programExpectZ(program, x, params);
    programExpectZ(executed, x, params).forEach((z, i) => expect(z).toBeCloseTo(full[i], 5));
    const fullGrad = programExpectZGradients(program, x, params, dz, 'measured').params;
    const simd = programExpectZGradients(executed, x, params, dz, 'measured').params;
    const ops = opsGradient(executed, x, params, dz);
    dead.forEach((isDead, i) => {
      for (const [label, g] of [
        ['SIMD kernel', simd],
        ['tfjs ops', ops],
      ] as const) {
        if (isDead) expect(Math.abs(g[i]), `${label}, executed: dead ${i}`).toBe(0);
        else expect(g[i], `${label}, executed: live ${i}`).toBeCloseTo(fullGrad[i], 3);
      }
    });
    for (const [label, largest] of [
      ['SIMD kernel', simdLargest],
      ['tfjs ops', opsLargest],
    ] as const) {
      dead.forEach((isDead, i) => {
        if (isDead) expect(largest[i], `${label}: dead parameter ${i}`).toBeLessThan(1e-6);
        else expect(largest[i], `${label}: live parameter ${i}`).toBeGreaterThan(1e-4);
      });
    }
  });
});
