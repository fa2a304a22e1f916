import { describe, expect, it } from 'vitest';
import { CIRCUIT_FAMILIES, compileCircuit, type ExtendedProgram } from '../circuit/circuitProgram';
import { backwardWgsl, forwardWgsl, programKey } from './webgpuKernel';
import { f32Literal } from './wgslTrig';

// The shaders themselves run in the browser (e2e/webgpuKernel.spec.ts); here, what they are built
// from.

describe('f32Literal', () => {
  it('parses back to the same float32', () => {
    for (const v of [2 / Math.PI, 1.5703125, 4.837512969970703125e-4, -1 / 3628800, 1, 0.5]) {
      const s = f32Literal(v);
      expect(s).toMatch(/[.e]/);
      expect(Math.fround(Number(s))).toBe(Math.fround(v));
    }
  });
});

describe('shader sources', () => {
  it('bake in the program: one table row per gate, its qubits and parameter index', () => {
    const program = compileCircuit({ family: 'random', qubits: 9, depth: 3, structureSeed: 4 });
    const src = forwardWgsl(program);
    expect(src).toContain('const N : i32 = 9;');
    expect(src).toContain('const DIM : i32 = 512;');
    expect(src).toContain(`const NPARAMS : i32 = ${program.paramCount};`);
    expect(src).toContain(`const NGATES : i32 = ${program.gates.length};`);
    const rows = [...src.matchAll(/ {2}vec4<i32>\((-?\d+), (-?\d+), (-?\d+), (-?\d+)\)/g)].map(
      (m) => m.slice(1).map(Number),
    );
    expect(rows).toHaveLength(program.gates.length);
    // An encoding's third entry is its axis (RY: 2), a rotation's twice its parameter's scale.
    program.gates.forEach((g, i) => {
      if (g.op === 'encode') expect(rows[i]).toEqual([0, g.qubit, 2, -1]);
      else if (g.op === 'cnot') expect(rows[i]).toEqual([4, g.control, g.target, -1]);
      else expect(rows[i]).toEqual([{ x: 1, y: 2, z: 3 }[g.axis], g.qubit, 2, g.param]);
    });
    expect(backwardWgsl(program)).toContain(`const NCOLS : i32 = ${program.paramCount + 9};`);
  });

  it('bake in the wider gate set as its lowering: fixed matrices, halves of controlled rotations', () => {
    const program: ExtendedProgram = {
      family: 'random',
      qubits: 2,
      depth: 1,
      structureSeed: 0,
      paramShape: [1],
      paramCount: 1,
      gates: [
        { op: 'encode', qubit: 0, encoding: 'hrz' },
        { op: 'encode', qubit: 1, encoding: 'rx' },
        { op: 'fixed', gate: 's', qubit: 1 },
        { op: 'crot', axis: 'y', control: 1, target: 0, param: 0 },
      ],
    };
    const src = backwardWgsl(program);
    const rows = [...src.matchAll(/ {2}vec4<i32>\((-?\d+), (-?\d+), (-?\d+), (-?\d+)\)/g)].map(
      (m) => m.slice(1).map(Number),
    );
    expect(rows).toEqual([
      [5, 0, 0, -1], // H, matrix 0
      [0, 0, 3, -1], // RZ(πx)
      [0, 1, 1, -1], // RX(πx)
      [5, 1, 1, -1], // S, matrix 1
      [2, 0, 1, 0], // RY(θ/2)
      [4, 1, 0, -1],
      [2, 0, -1, 0], // RY(−θ/2)
      [4, 1, 0, -1],
    ]);
    expect(src).toContain('vec4<f32>(1.0, 0.0, 0.0, 0.0),\n  vec4<f32>(0.0, 0.0, 0.0, 1.0)');
    expect(src).toContain(`const NGATES : i32 = ${rows.length};`);
  });

  it('give every distinct program its own shader key', () => {
    const key = (family: (typeof CIRCUIT_FAMILIES)[number], structureSeed = 1) =>
      programKey(compileCircuit({ family, qubits: 4, depth: 2, structureSeed }));
    const keys = new Set(CIRCUIT_FAMILIES.map((f) => key(f)));
    expect(keys.size).toBe(CIRCUIT_FAMILIES.length);
    expect(key('random', 1)).not.toBe(key('random', 2));
    expect(key('ryrz', 1)).toBe(key('ryrz', 2)); // the seed only shapes random circuits
  });
});
