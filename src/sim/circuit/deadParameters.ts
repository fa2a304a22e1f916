import type { CircuitProgram, ExtendedGate, ExtendedProgram } from './circuitProgram';
import { float64ReadoutGradients } from './float64Program';
import { conjugateByCnot } from './pauliString';
import { mulberry32 } from '../../util/prng';

/*
 * Dead parameters (docs/model.md §6): the angles of a program that cannot change any readout
 * ⟨Z_j⟩ at any input and any other angles. Exact in both directions: a structural rule that
 * proves most dead angles cheaply, then a float64 check that settles every remaining one.
 *
 * 1. The structural rule. An RZ(θ) = exp(−iθZ_q/2) can be moved to the end of the circuit: past
 *    a later gate U it becomes exp(−iθ·U Z_q U†/2). While the operator stays a product of Z's (a
 *    Z-string) it commutes with every Z_j of the readout, so at the end it cancels in
 *    ⟨ψ|…Z_j…|ψ⟩ and θ is dead. Walking forward: a CNOT conjugates a Z-string into a Z-string
 *    (Z_t → Z_c·Z_t, Z_c → Z_c); an RZ, or any rotation on a qubit where the string is the
 *    identity, commutes; an RX or RY (or the RY encoding) where the string has a Z does not, and
 *    the rule gives up. A proof of deadness, not of liveness: some angles it gives up on are dead
 *    for other reasons (seen in `random` circuits: an RZ whose string first meets an RX on a
 *    qubit that had only RY rotations and CNOTs before it).
 *
 * 2. The check. Every angle enters through gates exp(−iθσ/2), every pixel through RY(π·x), so
 *    ⟨Z_j⟩ and its derivative ∂⟨Z_j⟩/∂θ are trigonometric polynomials of bounded degree in the
 *    angles and inputs (degree ≤ 1 in each variable that sits on one gate). θ is dead exactly
 *    when that derivative is the zero polynomial for every j. A non-zero trigonometric
 *    polynomial is analytic and vanishes only on a set of measure zero, so at a point drawn at
 *    random, independently of the circuit, it is non-zero with probability 1: a non-zero value
 *    proves θ live, and a derivative that is ~0 at several random points is the zero polynomial
 *    with certainty up to that probability-0 event. The derivatives come from an independent
 *    float64 simulation (float64Program.ts, adjoint method, one derivative per readout).
 *    "~0" is |∂| < LIVE_THRESHOLD = 1e-9: an identically-zero derivative evaluates to float64
 *    rounding, a few gates × 2^−52 ≲ 1e-13 for the few hundred gates of any layer; a non-zero
 *    one at a random point is a sum of products of sines and cosines, typically 1e-3 … 1. Over
 *    6,000 `random` and 6,000 `randomlayers` structures (scripts/measure/deadScan.ts, 1,000 per
 *    size) the dead angles' largest was 2.9e-16 and the live angles' smallest (largest over the
 *    points) 3.9e-5, so the threshold sits four orders of magnitude or more from both. An angle is
 *    called dead only if every readout's derivative stays below it at all DEAD_CHECK_POINTS
 *    points; one point is enough to prove an angle live, so most programs cost one forward and
 *    one backward pass.
 *
 * The points come from a fixed seed, so a program's dead set is the same everywhere (the node's
 * count, the drawing, the executed program, the export), and results are cached per gate list.
 */

/** Below this, a float64 derivative is rounding of an identically-zero one (see above). */
export const LIVE_THRESHOLD = 1e-9;
/** Random points at which an angle must show no derivative before it is called dead. */
export const DEAD_CHECK_POINTS = 4;

/** The structural rule alone: dead[i] means it proves parameter i dead. */
export function structurallyDeadParameters(program: ExtendedProgram): boolean[] {
  const dead = new Array<boolean>(program.paramCount).fill(false);
  const gates = program.gates;
  gates.forEach((gate, at) => {
    if (gate.op !== 'rot' || gate.axis !== 'z') return;
    let mask = 1 << gate.qubit; // bit q: the string has Z on qubit q
    for (let k = at + 1; k < gates.length; k++) {
      const next = carryZString(gates[k], mask);
      if (next === null) return; // a gate that may not commute meets the string: θ may act
      mask = next;
    }
    dead[gate.param] = true;
  });
  return dead;
}

/**
 * The Z-string `mask` conjugated by gate g (up to sign), or null where g may turn it into
 * something else. Diagonal gates (RZ, Z, S, T, CZ, CRZ) commute; X and Y flip only its sign; a
 * CNOT spreads a target Z to the control; a SWAP swaps two bits; a controlled rotation commutes
 * with a Z on its control. Any other gate on a qubit of the string gives up.
 */
function carryZString(g: ExtendedGate, mask: number): number | null {
  const has = (q: number) => (mask & (1 << q)) !== 0;
  switch (g.op) {
    case 'cnot':
      return conjugateByCnot(0, mask, g.control, g.target)[1];
    case 'swap':
      return has(g.a) === has(g.b) ? mask : mask ^ (1 << g.a) ^ (1 << g.b);
    case 'cz':
      return mask;
    case 'crot':
      return g.axis === 'z' || !has(g.target) ? mask : null;
    case 'fixed':
      return g.gate !== 'h' || !has(g.qubit) ? mask : null;
    case 'rot':
    case 'frot':
      return g.axis === 'z' || !has(g.qubit) ? mask : null;
    case 'encode':
      return has(g.qubit) ? null : mask;
  }
}

/** Random point `k` (fixed seed): pixels over a whole period of RY(π·x), angles over [0, 2π). */
function checkPoint(program: ExtendedProgram, k: number): { x: number[]; params: number[] } {
  const random = mulberry32(0x64656164 + k);
  return {
    x: Array.from({ length: program.qubits }, () => 2 * random()),
    params: Array.from({ length: program.paramCount }, () => 2 * Math.PI * random()),
  };
}

/**
 * For each parameter, the largest |∂⟨Z_j⟩/∂θ| over the readouts j and the first `points` check
 * points; `only` (if given) limits the work to those parameters and stops as soon as each has
 * exceeded LIVE_THRESHOLD somewhere (the others stay 0).
 */
export function largestReadoutDerivatives(
  program: ExtendedProgram,
  points: number,
  only?: readonly boolean[],
): number[] {
  const largest = new Array<number>(program.paramCount).fill(0);
  const open = only ? [...only] : new Array<boolean>(program.paramCount).fill(true);
  for (let k = 0; k < points && open.some(Boolean); k++) {
    const { x, params } = checkPoint(program, k);
    const grads = float64ReadoutGradients(program, x, params);
    for (let p = 0; p < program.paramCount; p++) {
      if (!open[p]) continue;
      for (const row of grads) largest[p] = Math.max(largest[p], Math.abs(row[p]));
      if (only && largest[p] > LIVE_THRESHOLD) open[p] = false;
    }
  }
  return largest;
}

const cache = new Map<string, readonly boolean[]>();
const CACHE_SIZE = 64;

/** dead[i]: parameter i cannot affect ⟨Z⟩ (program.paramCount entries). */
export function deadParameters(program: ExtendedProgram): boolean[] {
  const key = `${program.qubits};${program.paramCount};${JSON.stringify(program.gates)}`;
  const known = cache.get(key);
  if (known) return [...known];
  const structural = structurallyDeadParameters(program);
  const largest = largestReadoutDerivatives(
    program,
    DEAD_CHECK_POINTS,
    structural.map((d) => !d),
  );
  const dead = structural.map((d, p) => d || largest[p] <= LIVE_THRESHOLD);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, dead);
  return [...dead];
}

/**
 * The program without its dead rotations: the same readout ⟨Z⟩ as a function of inputs and
 * live angles (a dead angle can be set to 0, one after another, without changing any ⟨Z_j⟩, and
 * a rotation, controlled or not, by 0 is the identity), the same parameter layout, and nothing
 * that reads a dead angle, so its gradient is exactly 0 on every simulator rather than float32
 * rounding (which Adam would scale up into steps of a dead angle). The drawing and the export keep the full program.
 */
export function withoutDeadRotations<G extends ExtendedGate>(
  program: CircuitProgram<G>,
): CircuitProgram<G> {
  const dead = deadParameters(program);
  if (!dead.some(Boolean)) return program;
  const keep = (g: G) => !((g.op === 'rot' || g.op === 'crot') && dead[g.param]);
  return { ...program, gates: program.gates.filter(keep) };
}
