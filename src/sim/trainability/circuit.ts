/*
 * The trainability lab's circuits: a small gate set of its own, separate from the quanv program
 * (circuitProgram.ts), because variance studies need gates the quanv layer never uses (CZ, fixed
 * rotations, H, a rotation whose axis is drawn per sample) and per-sample parameters in lanes.
 *
 * Conventions as in circuitProgram.ts: R_σ(θ) = exp(−iθσ/2); qubit 0 is the most significant bit
 * of the basis index.
 */

export type Axis = 'x' | 'y' | 'z';

export type TGate =
  /**
   * A trainable rotation; θ = params[param] at every sample. `axis: 'random'` draws X, Y or Z
   * per sample (McClean et al.) under `axisKey`; gates sharing a key share the draw (identity
   * blocks).
   */
  | {
      readonly op: 'rot';
      readonly axis: Axis | 'random';
      readonly qubit: number;
      readonly param: number;
      readonly axisKey?: number;
    }
  /** RY(π·x) with x uniform in [0, 1) per sample: the quanv input, not trained. */
  | { readonly op: 'encode'; readonly qubit: number }
  | { readonly op: 'fixed'; readonly axis: Axis; readonly qubit: number; readonly angle: number }
  | { readonly op: 'h'; readonly qubit: number }
  | { readonly op: 'cz'; readonly a: number; readonly b: number }
  | { readonly op: 'cnot'; readonly control: number; readonly target: number };

/** A layered circuit: a preparation that holds no parameter, then L layers. */
export interface TCircuit {
  readonly qubits: number;
  readonly prep: readonly TGate[];
  readonly layers: readonly (readonly TGate[])[];
  readonly paramCount: number;
  /** How many `axisKey`s random-axis gates use (each is drawn per sample). */
  readonly axisKeys: number;
  /**
   * mirrorOf[p] = q when parameter p starts at −θ_q (the second half of an identity block);
   * −1 for a parameter drawn from the initialisation.
   */
  readonly mirrorOf: Int32Array;
}

export function gateQubits(g: TGate): number[] {
  switch (g.op) {
    case 'cz':
      return [g.a, g.b];
    case 'cnot':
      return [g.control, g.target];
    default:
      return [g.qubit];
  }
}

/** Every gate in order: the preparation, then the layers. */
export function allGates(c: TCircuit): TGate[] {
  return [...c.prep, ...c.layers.flat()];
}

/** The inverse of a fixed gate (CZ, CNOT and H are their own inverses). */
function invertFixed(g: TGate): TGate {
  return g.op === 'fixed' ? { ...g, angle: -g.angle } : g;
}

/**
 * Grant et al. (2019): layers grouped in pairs (2m, 2m+1), the second replaced by the first's
 * inverse (gates reversed, each undone) with fresh parameters that start at −θ of their partner,
 * so every block is the identity at initialisation but not afterwards. An odd last layer stays
 * as it was. Random axes are shared within a block so the mirror undoes the same gate.
 */
export function withIdentityBlocks(c: TCircuit): TCircuit {
  const layers: TGate[][] = [];
  const mirror: number[] = [];
  let param = 0;
  let axisKey = 0;
  for (let l = 0; l < c.layers.length; l++) {
    const first = c.layers[l];
    const renumber = (g: TGate): TGate => {
      if (g.op !== 'rot') return g;
      const p = param++;
      mirror.push(-1);
      if (g.axis !== 'random') return { ...g, param: p };
      return { ...g, param: p, axisKey: axisKey++ };
    };
    const half = first.map(renumber);
    layers.push(half);
    if (l + 1 >= c.layers.length) break;
    l++;
    const back: TGate[] = [];
    for (let i = half.length - 1; i >= 0; i--) {
      const g = half[i];
      if (g.op !== 'rot') {
        back.push(invertFixed(g));
        continue;
      }
      mirror.push(g.param);
      back.push({ ...g, param: param++ });
    }
    layers.push(back);
  }
  return {
    qubits: c.qubits,
    prep: c.prep,
    layers,
    paramCount: param,
    axisKeys: axisKey,
    mirrorOf: Int32Array.from(mirror),
  };
}
