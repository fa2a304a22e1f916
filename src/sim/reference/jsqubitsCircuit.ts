import Qubits from 'jsqubits';
import { jsqubitsReadout } from './jsqubitsProgram';

/**
 * The quanv circuit of docs/model.md §1 on jsqubits, an independent simulator written by others: the
 * oracle of the simulator tests and the peer of `npm run bench`. Never imported by the app.
 * jsqubits numbers bit 0 as the least significant, so our qubit q is its bit n−1−q.
 */
export function jsqubitsExpectZ(
  x: readonly number[],
  params: readonly (readonly number[][])[],
): number[] {
  const n = x.length;
  const bit = (q: number) => n - 1 - q;
  let state = Qubits(`|${'0'.repeat(n)}>`);
  x.forEach((v, q) => (state = state.rotateY(bit(q), Math.PI * v)));
  for (const layer of params) {
    layer.forEach(([theta, phi], q) => (state = state.rotateY(bit(q), theta).rotateZ(bit(q), phi)));
    for (let c = 0; c < n; c++) state = state.cnot(bit(c), bit((c + 1) % n));
  }
  return jsqubitsReadout(state, n);
}

/**
 * ∂(Σ_j w_j⟨Z_j⟩) by the parameter-shift rule, evaluated on jsqubits: for every rotation angle
 * a, [f(a + π/2) − f(a − π/2)] / 2. An input x enters as RY(π·x), so its shift is ±1/2 and its
 * derivative carries a factor π. 2·(2nL + n) + 1 circuits per window.
 */
export function jsqubitsParameterShift(
  x: readonly number[],
  params: readonly (readonly number[][])[],
  weights: readonly number[],
): { value: number; params: number[][][]; inputs: number[] } {
  const f = (xs: readonly number[], ps: readonly (readonly number[][])[]) =>
    jsqubitsExpectZ(xs, ps).reduce((s, z, j) => s + weights[j] * z, 0);
  const shifted = (l: number, q: number, k: number, by: number) =>
    params.map((layer, li) =>
      layer.map((g, qi) => g.map((a, ki) => (li === l && qi === q && ki === k ? a + by : a))),
    );
  const gradParams = params.map((layer, l) =>
    layer.map((gate, q) =>
      gate.map(
        (_, k) => (f(x, shifted(l, q, k, Math.PI / 2)) - f(x, shifted(l, q, k, -Math.PI / 2))) / 2,
      ),
    ),
  );
  const gradInputs = x.map((_, q) => {
    const plus = x.map((v, i) => (i === q ? v + 0.5 : v));
    const minus = x.map((v, i) => (i === q ? v - 0.5 : v));
    return (Math.PI * (f(plus, params) - f(minus, params))) / 2;
  });
  return { value: f(x, params), params: gradParams, inputs: gradInputs };
}
