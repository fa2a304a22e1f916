import { describe, expect, it } from 'vitest';
import { cnotRingImage, zSign } from '../ringTables';
import { backwardWgsl, forwardWgsl, readoutMasks } from './webgpuKernel';
import { f32Literal } from './trig';

// The shaders themselves run in the browser (e2e/fusedWebgpu.spec.ts); here, the tables and
// literals they are built from.

function parity(x: number): number {
  let p = 0;
  for (let v = x; v; v &= v - 1) p ^= 1;
  return p;
}

describe('readoutMasks', () => {
  it.each([2, 3, 4, 9])('gives Z_q of the CNOT ring image by parity (%i qubits)', (n) => {
    const masks = readoutMasks(n);
    for (let b = 0; b < 1 << n; b++) {
      for (let q = 0; q < n; q++) {
        expect(1 - 2 * parity(b & masks[q])).toBe(zSign(cnotRingImage(b, n), q, n));
      }
    }
  });
});

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
  it('bake in the circuit shape', () => {
    const src = forwardWgsl({ qubits: 9, depth: 3 });
    expect(src).toContain('const N : i32 = 9;');
    expect(src).toContain('const DIM : i32 = 512;');
    expect(src).toContain('const DEPTH : i32 = 3;');
    expect(backwardWgsl({ qubits: 4, depth: 1 })).toContain('const GATES : i32 = 1;');
  });
});
