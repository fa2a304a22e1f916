import { describe, expect, it } from 'vitest';
import { BLOCH_AXES, blochOf, blochProduct, rotationBloch } from './bloch';
import { FIXED_GATE_MATRICES, matrixProduct, rotationMatrix } from './float64Program';

const close = (a: readonly number[], b: readonly number[], digits = 12) =>
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));

describe('one-qubit unitaries as Bloch rotations', () => {
  it.each(BLOCH_AXES)('a rotation about %s: the matrix, its derivative, the right hand', (axis) => {
    for (const theta of [-2.3, 0, 0.4, 1.7, 4]) {
      const { b, d } = rotationBloch(axis, theta);
      close(b, blochOf(rotationMatrix(axis, theta)));
      const h = 1e-6;
      const fd = rotationBloch(axis, theta + h).b.map(
        (v, i) => (v - rotationBloch(axis, theta - h).b[i]) / (2 * h),
      );
      close(d, fd, 8);
    }
    // RZ(π/2) takes |+⟩ (Bloch x) to |+i⟩ (Bloch y): right-handed about z.
    expect(rotationBloch('z', Math.PI / 2).b[3]).toBeCloseTo(1, 12);
  });

  it('maps products to products and the fixed gates to signed permutations', () => {
    const [u, v] = [rotationMatrix('x', 0.7), FIXED_GATE_MATRICES.t];
    close(blochOf(matrixProduct(u, v)), blochProduct(blochOf(u), blochOf(v)));
    // H swaps x and z and flips y.
    close(blochOf(FIXED_GATE_MATRICES.h), [0, 0, 1, 0, -1, 0, 1, 0, 0]);
  });
});
