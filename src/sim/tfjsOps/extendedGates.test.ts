import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadParameters, structurallyDeadParameters } from '../circuit/deadParameters';
import { float64ExpectZ, float64ReadoutGradients } from '../circuit/float64Program';
import {
  jsqubitsProgramExpectZ,
  jsqubitsProgramParameterShift,
} from '../reference/jsqubitsProgram';
import {
  EXTENDED_CASES,
  extendedCaseLabel,
  extendedInputs,
  randomExtendedProgram,
} from '../testing/extendedCircuits';
import { largestShiftChanges } from '../testing/shiftTest';
import { tfjsOpExpectZExtended } from './tfjsOpSimulator';

/*
 * The wider gate set (fixed gates, fixed-angle rotations, CZ, SWAP, controlled rotations, the RX
 * and H·RZ encodings) against jsqubits: on the tfjs-op simulator (values, and gradients under
 * both semantics) and on the float64 reference; and dead parameters found exactly in such circuits.
 */
beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const cases = EXTENDED_CASES;
const label = extendedCaseLabel;
const inputsFor = extendedInputs;

describe('every gate of the wider set', () => {
  it('appears in the test circuits', () => {
    const seen = new Set(
      cases.flatMap(({ program: p }) =>
        p.gates.map((g) =>
          g.op === 'fixed'
            ? g.gate
            : g.op === 'encode'
              ? `encode ${'encoding' in g ? g.encoding : 'ry'}`
              : g.op,
        ),
      ),
    );
    for (const name of [
      'h',
      'x',
      'y',
      'z',
      's',
      'sdg',
      't',
      'tdg',
      'rot',
      'frot',
      'crot',
      'cnot',
      'cz',
      'swap',
      'encode ry',
      'encode rx',
      'encode hrz',
    ]) {
      expect(seen, name).toContain(name);
    }
  });

  it.each(cases.map((c) => [label(c), c.program] as const))(
    'float64 reference = jsqubits: %s',
    (_, program) => {
      const { windows, params } = inputsFor(program, 1);
      const x = windows[0];
      const z = float64ExpectZ(program, x, params);
      jsqubitsProgramExpectZ(program, x, params).forEach((v, j) =>
        expect(Math.abs(z[j] - v)).toBeLessThan(1e-12),
      );
      if (program.qubits > 4) return;
      const grads = float64ReadoutGradients(program, x, params);
      for (let j = 0; j < program.qubits; j++) {
        const onehot = Array.from({ length: program.qubits }, (_, k) => (k === j ? 1 : 0));
        jsqubitsProgramParameterShift(program, x, params, onehot).params.forEach((g, p) =>
          expect(Math.abs(grads[j][p] - g), `Z_${j}, θ_${p}`).toBeLessThan(1e-12),
        );
      }
    },
  );

  it.each(cases.map((c) => [label(c), c.program] as const))(
    'tfjs-op simulator = jsqubits, values and gradients, measured and exact: %s',
    (_, program) => {
      const n = program.qubits;
      const tolerance = n === 4 ? 2e-5 : 2e-4;
      const { windows, params, weights } = inputsFor(program, 2);
      const x = tf.tensor2d(windows);
      const theta = tf.tensor1d(params);
      const z = tfjsOpExpectZExtended(program, x, theta, 'measured').arraySync();
      windows.forEach((w, i) =>
        jsqubitsProgramExpectZ(program, w, params).forEach((v, j) =>
          expect(Math.abs(z[i][j] - v), `window ${i}, ⟨Z_${j}⟩`).toBeLessThan(tolerance),
        ),
      );
      for (const semantics of ['measured', 'exact'] as const) {
        const loss = (xs: tf.Tensor, ps: tf.Tensor) =>
          tf.sum(
            tf.mul(
              tfjsOpExpectZExtended(program, xs as tf.Tensor2D, ps, semantics),
              tf.tensor1d(weights),
            ),
          );
        const [dx, dp] = tf
          .grads(loss)([x, theta])
          .map((g) => g.arraySync() as number[] | number[][]);
        const expectedParams = new Array<number>(program.paramCount).fill(0);
        windows.forEach((w, i) => {
          const shift = jsqubitsProgramParameterShift(program, w, params, weights);
          shift.params.forEach((g, p) => (expectedParams[p] += g));
          (dx as number[][])[i].forEach((g, q) =>
            expect(
              Math.abs(g - (semantics === 'exact' ? shift.inputs[q] : 0)),
              `${semantics} ∂x_${q}`,
            ).toBeLessThan(n === 4 ? 1e-4 : 1e-3),
          );
        });
        (dp as number[]).forEach((g, p) =>
          expect(Math.abs(g - expectedParams[p]), `${semantics} ∂θ_${p}`).toBeLessThan(
            n === 4 ? 1e-4 : 1e-3,
          ),
        );
      }
    },
  );

  it('dead parameters are exact on random circuits of the wider set', () => {
    let dead = 0;
    let onlyByTheCheck = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const program = randomExtendedProgram(4, 12 + (seed % 20), 100 + seed);
      const marked = deadParameters(program);
      const structural = structurallyDeadParameters(program);
      const change = largestShiftChanges(program, 2, seed);
      marked.forEach((isDead, p) => {
        if (isDead) expect(change[p], `seed ${seed}: dead ${p}`).toBeLessThan(1e-12);
        else expect(change[p], `seed ${seed}: live ${p}`).toBeGreaterThan(1e-6);
        if (structural[p]) expect(isDead).toBe(true);
        if (isDead) dead++;
        if (isDead && !structural[p]) onlyByTheCheck++;
      });
    }
    expect(dead).toBeGreaterThan(0);
    expect(onlyByTheCheck).toBeGreaterThan(0);
  });
});
