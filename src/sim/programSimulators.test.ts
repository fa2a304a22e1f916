import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit, type CircuitProgram } from './circuit/circuitProgram';
import { createFusedCpuSimulator } from './cpu/simdKernelOp';
import { makeCase, type Case } from './testing/circuitCases';
import { jsqubitsProgramExpectZ, jsqubitsProgramParameterShift } from './reference/jsqubitsProgram';
import type { InputGradient, QuanvSimulator } from './simulator';
import { createTfjsOpSimulator } from './tfjsOps/tfjsOpSimulator';
import { maxAbsDiff } from './testing/maxAbsDiff';
import { EXTENDED_CASES, extendedCaseLabel } from './testing/extendedCircuits';
import { jsqubitsReference } from './testing/programReference';

/*
 * Every simulator behind the QuanvSimulator interface executes every circuit family's program:
 * ⟨Z⟩ against jsqubits (1e-5 at 4 qubits, 1e-4 at 9), gradients against the parameter-shift rule
 * on jsqubits (1e-4 / 5e-4; inputs π times that), L = 1–3, and the simulators against each other.
 * Then the wider gate set. (The fused WebGPU kernel is checked against the CPU kernel in the
 * browser: e2e/webgpuKernel.spec.ts.)
 */

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const tolerances = {
  4: { value: 1e-5, params: 1e-4, inputs: Math.PI * 1e-4 },
  9: { value: 1e-4, params: 5e-4, inputs: Math.PI * 5e-4 },
} as const;

const simulators: readonly (readonly [string, QuanvSimulator])[] = [
  ['tfjs ops, native trig', createTfjsOpSimulator()],
  ['tfjs ops, precise trig', createTfjsOpSimulator({ preciseTrig: true })],
  ['fused CPU', createFusedCpuSimulator()],
];

function values(simulator: QuanvSimulator, c: Case): number[] {
  return tf.tidy(() =>
    Array.from(
      simulator
        .expectZ(
          c.program,
          tf.tensor2d(c.windows),
          tf.tensor(c.params, [...c.program.paramShape]),
          'exact',
        )
        .dataSync(),
    ),
  );
}

/** ∂(Σ_windows Σ_j w_j⟨Z_j⟩) with respect to the angles (flat) and the windows (flat). */
function gradients(simulator: QuanvSimulator, c: Case, mode: InputGradient) {
  return tf.tidy(() => {
    const w = tf.tensor1d(c.weights);
    const f = (x: tf.Tensor, p: tf.Tensor) =>
      tf.sum(tf.mul(simulator.expectZ(c.program, x as tf.Tensor2D, p, mode), w));
    const p = tf.tensor(c.params, [...c.program.paramShape]);
    const [gx, gp] = tf.grads(f)([tf.tensor2d(c.windows), p]);
    expect(gp.shape).toEqual(c.program.paramShape);
    return { params: Array.from(gp.dataSync()), inputs: Array.from(gx.dataSync()) };
  });
}

const programs = CIRCUIT_FAMILIES.flatMap((family) =>
  [4, 9].flatMap((qubits) =>
    [1, 2, 3].map((depth) => compileCircuit({ family, qubits, depth, structureSeed: 11 + depth })),
  ),
);
const name = (p: CircuitProgram) => `${p.family}, ${p.qubits} qubits, L = ${p.depth}`;

describe.each(programs.map((p) => [name(p), p] as const))('%s', (_, program) => {
  const tol = tolerances[program.qubits as 4 | 9];
  const valueCase = makeCase(program, program.qubits === 4 ? 5 : 3, 7 * program.paramCount + 1);
  // 9 qubits: jsqubits' parameter shift costs ~1 s per window and layer, so one window.
  const gradientCase = makeCase(program, program.qubits === 4 ? 3 : 1, 13 * program.paramCount);
  let shift: { params: number[]; inputs: number[] } | null = null;
  const reference = () => {
    if (!shift) {
      const c = gradientCase;
      const perWindow = c.windows.map((x) =>
        jsqubitsProgramParameterShift(c.program, x, c.params, c.weights),
      );
      shift = {
        params: c.params.map((_p, i) => perWindow.reduce((s, g) => s + g.params[i], 0)),
        inputs: perWindow.flatMap((g) => g.inputs),
      };
    }
    return shift;
  };

  it.each(simulators)('⟨Z⟩ of %s matches jsqubits', (_n, simulator) => {
    const expected = valueCase.windows.flatMap((x) =>
      jsqubitsProgramExpectZ(program, x, valueCase.params),
    );
    expect(maxAbsDiff(values(simulator, valueCase), expected)).toBeLessThan(tol.value);
  });

  it.each(simulators)('gradients of %s match the parameter shift on jsqubits', (_n, simulator) => {
    const exact = gradients(simulator, gradientCase, 'exact');
    expect(maxAbsDiff(exact.params, reference().params)).toBeLessThan(tol.params);
    expect(maxAbsDiff(exact.inputs, reference().inputs)).toBeLessThan(tol.inputs);
    // a real gradient, not zeros agreeing
    expect(Math.max(...exact.params.map(Math.abs))).toBeGreaterThan(1e-2);
    const measured = gradients(simulator, gradientCase, 'measured');
    expect(measured.inputs.every((g) => g === 0)).toBe(true);
    expect(maxAbsDiff(measured.params, exact.params)).toBeLessThan(1e-6);
  });

  it('the simulators agree with each other', () => {
    const [first, ...rest] = simulators.map(([, s]) => values(s, valueCase));
    for (const other of rest) expect(maxAbsDiff(other, first)).toBeLessThan(tol.value);
  });
});

// The wider gate set through the same interface: per gate kind and encoding a 4-qubit circuit
// (the fused WebGPU kernel runs them in the browser, e2e/webgpuKernel.spec.ts).
describe.each(
  EXTENDED_CASES.filter((c) => c.program.qubits === 4).map(
    (c) => [extendedCaseLabel(c), c.program] as const,
  ),
)('the wider gate set, %s', (_, program) => {
  const c = makeCase(program, 3, program.gates.length);
  it.each(simulators)('%s matches jsqubits: values and gradients', (_n, simulator) => {
    const expected = jsqubitsReference(program, c.windows, c.params, c.weights);
    expect(maxAbsDiff(values(simulator, c), expected.z)).toBeLessThan(2e-5);
    const exact = gradients(simulator, c, 'exact');
    expect(maxAbsDiff(exact.params, expected.params)).toBeLessThan(tolerances[4].params);
    expect(maxAbsDiff(exact.inputs, expected.inputs)).toBeLessThan(tolerances[4].inputs);
    const measured = gradients(simulator, c, 'measured');
    expect(measured.inputs.every((g) => g === 0)).toBe(true);
    expect(maxAbsDiff(measured.params, exact.params)).toBeLessThan(1e-6);
  });
});
