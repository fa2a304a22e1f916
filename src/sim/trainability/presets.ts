/*
 * The circuits of the anchor results and the app's quanv families, as trainability circuits.
 */
import { compileCircuit, type CircuitFamily } from '../circuit/circuitProgram';
import type { TCircuit, TGate } from './circuit';

export const PRESETS = ['mcclean', 'cerezo'] as const;
export type Preset = (typeof PRESETS)[number];
export type CircuitChoice = Preset | CircuitFamily;

function layered(qubits: number, prep: TGate[], layers: TGate[][], axisKeys = 0): TCircuit {
  const paramCount = layers.reduce((s, l) => s + l.filter((g) => g.op === 'rot').length, 0);
  return {
    qubits,
    prep,
    layers,
    paramCount,
    axisKeys,
    mirrorOf: new Int32Array(paramCount).fill(-1),
  };
}

/**
 * McClean et al. (2018) as PennyLane's barren-plateau demo builds it: RY(π/4) on every qubit,
 * then per layer a rotation about an axis drawn per sample from X, Y, Z on every qubit and a CZ
 * ladder (0,1), (1,2), …
 */
export function mccleanCircuit(n: number, depth: number): TCircuit {
  const prep: TGate[] = [];
  for (let q = 0; q < n; q++) prep.push({ op: 'fixed', axis: 'y', qubit: q, angle: Math.PI / 4 });
  const layers: TGate[][] = [];
  let p = 0;
  for (let l = 0; l < depth; l++) {
    const layer: TGate[] = [];
    for (let q = 0; q < n; q++)
      layer.push({ op: 'rot', axis: 'random', qubit: q, param: p, axisKey: p++ });
    for (let q = 0; q + 1 < n; q++) layer.push({ op: 'cz', a: q, b: q + 1 });
    layers.push(layer);
  }
  return layered(n, prep, layers, p);
}

/**
 * Cerezo et al. (2021)'s alternating layered ansatz with two-qubit blocks: per layer an RY on
 * every qubit, then CZ on the pairs (0,1), (2,3), … in even layers and (1,2), (3,4), … in odd
 * ones, so the blocks brick-wall and the light cone grows by one qubit each side per layer.
 */
export function cerezoCircuit(n: number, depth: number): TCircuit {
  const layers: TGate[][] = [];
  let p = 0;
  for (let l = 0; l < depth; l++) {
    const layer: TGate[] = [];
    for (let q = 0; q < n; q++) layer.push({ op: 'rot', axis: 'y', qubit: q, param: p++ });
    for (let q = l % 2; q + 1 < n; q += 2) layer.push({ op: 'cz', a: q, b: q + 1 });
    layers.push(layer);
  }
  return layered(n, [], layers);
}

/**
 * An app family's gate list from the quanv program compiler, with the encoding RY(π·x) on random
 * inputs as the preparation. At n = 1 the entanglers (which would act on one wire) are dropped.
 */
export function familyCircuit(
  family: CircuitFamily,
  n: number,
  depth: number,
  structureSeed: number,
): TCircuit {
  const program = compileCircuit({ family, qubits: n, depth, structureSeed });
  const perLayer = program.paramCount / depth;
  const prep: TGate[] = [];
  const layers: TGate[][] = Array.from({ length: depth }, () => []);
  // random puts each CNOT before its rotation; the others end a layer with their CNOT ring
  const cnotJoinsNext = family === 'random';
  let pending: TGate[] = [];
  let last = 0;
  for (const g of program.gates) {
    if (g.op === 'encode') prep.push(g);
    else if (g.op === 'cnot') {
      if (!Number.isInteger(g.target) || g.target === g.control) continue;
      const gate: TGate = { op: 'cnot', control: g.control, target: g.target };
      if (cnotJoinsNext) pending.push(gate);
      else layers[last].push(gate);
    } else {
      last = Math.floor(g.param / perLayer);
      layers[last].push(...pending, { op: 'rot', axis: g.axis, qubit: g.qubit, param: g.param });
      pending = [];
    }
  }
  layers[depth - 1].push(...pending);
  return {
    qubits: n,
    prep,
    layers,
    paramCount: program.paramCount,
    axisKeys: 0,
    mirrorOf: new Int32Array(program.paramCount).fill(-1),
  };
}

export function buildCircuit(
  choice: CircuitChoice,
  n: number,
  depth: number,
  structureSeed: number,
): TCircuit {
  if (choice === 'mcclean') return mccleanCircuit(n, depth);
  if (choice === 'cerezo') return cerezoCircuit(n, depth);
  return familyCircuit(choice, n, depth, structureSeed);
}
