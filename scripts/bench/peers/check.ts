import * as tf from '@tensorflow/tfjs';
import { compileCircuit } from '../../../src/sim/circuit/circuitProgram';
import { mulberry32 } from '../../../src/util/prng';
import type { QuanvSimulator } from '../../../src/sim/simulator';
import type { BenchCase } from '../cases';
import { peerValues, type PeerName } from './python';

/** Largest |peer − ours| over a few windows: ⟨Z⟩, the windows' and the angles' gradients. */
export interface PeerCheck {
  readonly z: number;
  readonly gx: number;
  readonly gp: number;
  /** Within the tolerances below, for every way of running the circuit the peer has. */
  readonly ok: boolean;
}

/** ⟨Z⟩ to float32 rounding (docs/model.md §1's 1e-5); gradients sum over the circuit's gates. */
const Z_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 1e-4;

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/**
 * The peer computes what we compute: on 8 random windows per case, its forward values and its
 * vector-Jacobian product (windows and angles, `exact`) against `ours` (the CPU kernel), for every
 * way the peer can run the circuit. The worst difference of each is kept.
 */
export async function checkPeer(
  peer: PeerName,
  ours: QuanvSimulator,
  cases: readonly BenchCase[],
): Promise<Record<string, PeerCheck>> {
  const out: Record<string, PeerCheck> = {};
  for (const c of cases) {
    const random = mulberry32(1000 + c.qubits * 10 + c.depth);
    const count = 8;
    const x = Array.from({ length: count * c.qubits }, random);
    const params = Array.from({ length: c.depth * c.qubits * 2 }, () => random() * 2 * Math.PI);
    const dz = Array.from({ length: count * c.qubits }, () => random() - 0.5);
    const program = compileCircuit({
      family: 'ryrz',
      qubits: c.qubits,
      depth: c.depth,
      structureSeed: 0,
    });
    const [xt, pt, dzt] = [
      tf.tensor2d(x, [count, c.qubits]),
      tf.tensor3d(params, [c.depth, c.qubits, 2]),
      tf.tensor2d(dz, [count, c.qubits]),
    ];
    const z = ours.expectZ(program, xt, pt, 'exact');
    const [gx, gp] = tf.grads((w: tf.Tensor, p: tf.Tensor) =>
      ours.expectZ(program, w as tf.Tensor2D, p as tf.Tensor3D, 'exact'),
    )([xt, pt], dzt);
    const mine = { z: await z.data(), gx: await gx.data(), gp: await gp.data() };
    tf.dispose([xt, pt, dzt, z, gx, gp]);
    const theirs = Object.values(
      peerValues(peer, { qubits: c.qubits, depth: c.depth, x, params, dz }),
    );
    const worst = (k: 'z' | 'gx' | 'gp') => Math.max(...theirs.map((v) => maxDiff(v[k], mine[k])));
    const check = { z: worst('z'), gx: worst('gx'), gp: worst('gp') };
    out[c.key] = {
      ...check,
      ok: check.z <= Z_TOLERANCE && Math.max(check.gx, check.gp) <= GRADIENT_TOLERANCE,
    };
  }
  return out;
}
