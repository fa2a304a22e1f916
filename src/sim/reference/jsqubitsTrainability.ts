import Qubits from 'jsqubits';
import { allGates, type TCircuit } from '../trainability/circuit';
import { costTable, type Cost } from '../trainability/costs';

/**
 * The cost of one sample of a trainability circuit on jsqubits, the independent simulator: the
 * oracle of the lane kernels' tests. `axes[key]` is the sample's axis (0, 1, 2 = X, Y, Z) for a
 * random-axis gate. jsqubits numbers bit 0 as the least significant: our qubit q is bit n−1−q.
 */
export function jsqubitsTrainabilityCost(
  circuit: TCircuit,
  cost: Cost,
  angles: readonly number[],
  inputs: readonly number[],
  axes: readonly number[],
): number {
  const n = circuit.qubits;
  const bit = (q: number) => n - 1 - q;
  let state = Qubits(`|${'0'.repeat(n)}>`);
  const rotate = (axis: string | number, q: number, angle: number) => {
    if (axis === 'x' || axis === 0) return state.rotateX(bit(q), angle);
    if (axis === 'y' || axis === 1) return state.rotateY(bit(q), angle);
    return state.rotateZ(bit(q), angle);
  };
  for (const g of allGates(circuit)) {
    if (g.op === 'rot')
      state = rotate(
        g.axis === 'random' ? axes[g.axisKey ?? -1] : g.axis,
        g.qubit,
        angles[g.param],
      );
    else if (g.op === 'encode') state = state.rotateY(bit(g.qubit), Math.PI * inputs[g.qubit]);
    else if (g.op === 'fixed') state = rotate(g.axis, g.qubit, g.angle);
    else if (g.op === 'h') state = state.hadamard(bit(g.qubit));
    else if (g.op === 'cz') state = state.controlledZ(bit(g.a), bit(g.b));
    else state = state.cnot(bit(g.control), bit(g.target));
  }
  const d = costTable(cost, n);
  let c = 0;
  for (let b = 0; b < 1 << n; b++) {
    const a = state.amplitude(b);
    c += d[b] * (a.real * a.real + a.imaginary * a.imaginary);
  }
  return c;
}
