import * as tf from '../../sim/tf';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedCpuSimulator } from '../../sim/cpu/simdKernelOp';
import type { QuanvSimulator } from '../../sim/simulator';
import { createTfjsOpSimulator } from '../../sim/tfjsOps/tfjsOpSimulator';
import { predictHasGradient, type QuanvLayerId } from './accessibility';
import { allEdgeSubsets, type ExperimentConfig, type Semantics, type Tap } from '../config/config';
import { formatEdgeList, parseConfigText } from '../config/configText';
import { hasGradient, NO_GRADIENT } from '../metrics';
import { ResQuNN } from '../network';
import { trainingStep } from '../trainingStep';
import { mnistBatch } from '../testing/mnistBatch';
import { Adam } from '../adam';

/*
 * docs/model.md §4's promise: the accessibility predicted from the graph is what backpropagation
 * measures. For every configuration of 2 and 3 layers (8 and 64 edge subsets), under both taps
 * and both semantics, one training step on two real MNIST digits; a layer "has gradient" iff
 * its norm is ≥ 1e-12 (metrics.ts).
 */

function config(text: string): ExperimentConfig {
  const result = parseConfigText(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.config;
}

let images: tf.Tensor4D;
let oneHot: tf.Tensor2D;

beforeAll(async () => {
  ({ images, oneHot } = await mnistBatch(2));
});

afterAll(() => tf.dispose([images, oneHot]));

interface Measured {
  readonly text: string;
  readonly norms: Partial<Record<string, number>>;
  readonly predicted: Readonly<Partial<Record<QuanvLayerId, boolean>>>;
}

/** One SGD step of `text` on the two digits: the measured norms and the static prediction. */
async function measure(text: string, simulator: QuanvSimulator): Promise<Measured> {
  const c = config(text);
  const model = new ResQuNN(c, simulator);
  const optimizer = new Adam(0.01);
  try {
    const { gradNorms } = await trainingStep(model, optimizer, images, oneHot);
    return { text, norms: gradNorms, predicted: predictHasGradient(c) };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

/** Every configuration of `n` layers under `tap` and `semantics`, checked; returns mismatches. */
async function sweep(
  n: number,
  tap: Tap,
  semantics: Semantics,
  simulator: QuanvSimulator,
): Promise<{ mismatches: string[]; fullAccess: number; results: Measured[] }> {
  const mismatches: string[] = [];
  const results: Measured[] = [];
  let fullAccess = 0;
  for (const edges of allEdgeSubsets(n)) {
    const text = `n=${n};e=${formatEdgeList(edges)};tap=${tap};sem=${semantics}`;
    const result = await measure(text, simulator);
    results.push(result);
    let all = true;
    for (let i = 1; i <= n; i++) {
      const id: QuanvLayerId = `Q${i}`;
      const measured = hasGradient(result.norms[id]);
      const expected = semantics === 'exact' ? true : result.predicted[id];
      // Under exact semantics the prediction itself must say "gradient" for every layer.
      if (semantics === 'exact' && result.predicted[id] !== true) {
        mismatches.push(`${text}: predictHasGradient says ${id} has no gradient under exact`);
      }
      if (measured !== expected) {
        mismatches.push(`${text}: ${id} norm ${result.norms[id]}, predicted ${expected}`);
      }
      all &&= measured;
    }
    if (!hasGradient(result.norms.H)) mismatches.push(`${text}: the head has no gradient`);
    if (all) fullAccess += 1;
  }
  return { mismatches, fullAccess, results };
}

describe('predicted accessibility equals observed accessibility', () => {
  const fused = createFusedCpuSimulator();
  let sweepMillis = 0;
  /** Full-access configurations under measured semantics (accessibility.test.ts's counts). */
  const FULL_ACCESS: Record<number, Record<Tap, number>> = {
    2: { chained: 4, raw: 4 },
    3: { chained: 24, raw: 16 },
  };

  for (const n of [2, 3]) {
    for (const tap of ['chained', 'raw'] as const) {
      it(`every ${n}-layer configuration, ${tap} tap, measured and exact semantics`, async () => {
        const started = performance.now();
        const measured = await sweep(n, tap, 'measured', fused);
        expect(measured.results).toHaveLength(2 ** ((n * (n + 1)) / 2));
        expect(measured.mismatches).toEqual([]);
        expect(measured.fullAccess).toBe(FULL_ACCESS[n][tap]);
        // The threshold does no work: a cut layer's gradient is exactly zero, a reached one's
        // is many orders of magnitude above 1e-12.
        for (const r of measured.results) {
          for (const [id, norm] of Object.entries(r.norms)) {
            if (norm === undefined) throw new Error(`${r.text}: no norm for ${id}`);
            if (hasGradient(norm)) expect(norm).toBeGreaterThan(1e6 * NO_GRADIENT);
            else expect(norm).toBe(0);
          }
        }
        const exact = await sweep(n, tap, 'exact', fused);
        expect(exact.mismatches).toEqual([]);
        expect(exact.fullAccess).toBe(exact.results.length);
        sweepMillis += performance.now() - started;
      });
    }
  }

  it('the whole sweep (144 configurations × 2 semantics) takes well under a minute', () => {
    // About 6 s here, two vitest workers sharing two cores; the limit leaves room for a loaded
    // machine. Zero would mean the sweeps did not run.
    expect(sweepMillis).toBeGreaterThan(0);
    expect(sweepMillis).toBeLessThan(60_000);
  });

  it('the tfjs-op statevector simulator (WebGPU/WebGL path) agrees on every 2-layer configuration', async () => {
    const statevector = createTfjsOpSimulator();
    for (const tap of ['chained', 'raw'] as const) {
      for (const semantics of ['measured', 'exact'] as const) {
        const { mismatches, fullAccess } = await sweep(2, tap, semantics, statevector);
        expect(mismatches).toEqual([]);
        expect(fullAccess).toBe(semantics === 'exact' ? 8 : 4);
      }
    }
  });

  it('a frozen layer reports no norm at all, and does not block its neighbours', async () => {
    const fusedSim = createFusedCpuSimulator();
    // Q2 frozen; the edge 1-3 carries Q1's output past Q2's and Q3's encodings.
    const routed = await measure('n=3;t=1,0,1;e=1-3', fusedSim);
    expect(Object.keys(routed.norms)).toEqual(['Q1', 'Q3', 'H']);
    expect(routed.predicted).toEqual({ Q1: true, Q2: false, Q3: true });
    expect(hasGradient(routed.norms.Q1)).toBe(true);
    expect(hasGradient(routed.norms.Q3)).toBe(true);
    // Without it, Q1 is cut (measured) even though the layer between is frozen.
    const cut = await measure('n=3;t=1,0,1', fusedSim);
    expect(cut.norms.Q1).toBe(0);
    expect(cut.predicted.Q1).toBe(false);
    // The frozen benchmark trains the head alone.
    const frozen = await measure('n=2;m=frozen;e=1-2', fusedSim);
    expect(Object.keys(frozen.norms)).toEqual(['H']);
  });
});
