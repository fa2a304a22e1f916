/*
 * Random circuits over the whole gate set and random lanes for them: what the simulator tests
 * (adjoint.test.ts, wasmAdjoint.test.ts) check every kernel on.
 */
import { mulberry32 } from '../../util/prng';
import type { LaneInputs } from './adjoint';
import type { TCircuit, TGate } from './circuit';

/** A random circuit over the whole gate set: every kind of gate on random wires. */
export function randomCircuit(n: number, gates: number, seed: number): TCircuit {
  const random = mulberry32(seed);
  const pick = (m: number) => Math.floor(random() * m);
  const prep: TGate[] = [];
  for (let q = 0; q < n; q++) prep.push({ op: 'encode', qubit: q });
  const layer: TGate[] = [];
  let param = 0;
  let axisKey = 0;
  for (let i = 0; i < gates; i++) {
    const q = pick(n);
    const other = (q + 1 + pick(n - 1)) % n;
    const kind = n > 1 ? pick(7) : pick(4);
    if (kind === 0)
      layer.push({
        op: 'rot',
        axis: (['x', 'y', 'z'] as const)[pick(3)],
        qubit: q,
        param: param++,
      });
    else if (kind === 1)
      layer.push({ op: 'rot', axis: 'random', qubit: q, param: param++, axisKey: axisKey++ });
    else if (kind === 2)
      layer.push({
        op: 'fixed',
        axis: (['x', 'y', 'z'] as const)[pick(3)],
        qubit: q,
        angle: 6 * random(),
      });
    else if (kind === 3) layer.push({ op: 'h', qubit: q });
    else if (kind === 4 || kind === 5) layer.push({ op: 'cz', a: q, b: other });
    else layer.push({ op: 'cnot', control: q, target: other });
  }
  return {
    qubits: n,
    prep,
    layers: [layer],
    paramCount: param,
    axisKeys: axisKey,
    mirrorOf: new Int32Array(param).fill(-1),
  };
}

/** B random lanes for a circuit. */
export function randomLanes(c: TCircuit, B: number, seed: number): LaneInputs {
  const random = mulberry32(seed);
  return {
    angles: Float64Array.from({ length: c.paramCount * B }, () => 2 * Math.PI * random()),
    inputs: Float64Array.from({ length: c.qubits * B }, () => random()),
    axes: Uint8Array.from({ length: c.axisKeys * B }, () => Math.floor(3 * random())),
  };
}

/**
 * Layers of one random one-qubit gate per qubit (every kind: fixed-axis and random-axis
 * rotations, fixed rotations, H), each layer closed by a CNOT and a CZ on random wires, after
 * an encoding of every qubit: every run of one-qubit gates has each gate on its own qubit.
 */
export function randomLayeredCircuit(n: number, depth: number, seed: number): TCircuit {
  const random = mulberry32(seed);
  const pick = (m: number) => Math.floor(random() * m);
  const axis = () => (['x', 'y', 'z'] as const)[pick(3)];
  const prep: TGate[] = [];
  for (let q = 0; q < n; q++) prep.push({ op: 'encode', qubit: q });
  for (let q = 0; q + 1 < n; q++) prep.push({ op: 'cz', a: q, b: q + 1 });
  const layers: TGate[][] = [];
  let param = 0;
  let axisKey = 0;
  for (let l = 0; l < depth; l++) {
    const layer: TGate[] = [];
    for (let q = 0; q < n; q++) {
      const kind = pick(4);
      if (kind === 0) layer.push({ op: 'rot', axis: axis(), qubit: q, param: param++ });
      else if (kind === 1)
        layer.push({ op: 'rot', axis: 'random', qubit: q, param: param++, axisKey: axisKey++ });
      else if (kind === 2) layer.push({ op: 'fixed', axis: axis(), qubit: q, angle: 6 * random() });
      else layer.push({ op: 'h', qubit: q });
    }
    if (n > 1) {
      const a = pick(n);
      const b = (a + 1 + pick(n - 1)) % n;
      layer.push({ op: 'cnot', control: a, target: b }, { op: 'cz', a: b, b: a });
    }
    layers.push(layer);
  }
  return {
    qubits: n,
    prep,
    layers,
    paramCount: param,
    axisKeys: axisKey,
    mirrorOf: new Int32Array(param).fill(-1),
  };
}
