import { DEFAULT_CIRCUIT, type Depth } from '../../model/config/config';
import { MNIST_DATASET } from '../../data/formats/datasetRef';
import type { SweepOptions } from '../../model/sweep/sweepPlan';
import type { CircuitFamily } from '../../sim/circuit/circuitProgram';

/** The Explore form's fields; exploreOptions turns them into the sweep's options. */
export interface ExploreFormValues {
  readonly layers: number;
  readonly kernel: 2 | 3;
  /** Every layer's circuit family (docs/model.md §6). */
  readonly family: CircuitFamily;
  /** Every layer's depth L. */
  readonly depth: Depth;
  /** Shots per ⟨Z⟩ estimate; 0 = exact expectation values. */
  readonly shots: number;
  readonly tap: string;
  readonly semantics: string;
  readonly budget: 'steps' | 'epochs';
  readonly steps: number;
  readonly epochs: number;
  readonly train: number;
  readonly test: number;
  readonly batch: number;
  readonly seeds: number;
  readonly seed: number;
  readonly filter: 'all' | 'contains' | 'full' | 'partial';
  readonly contains: string;
  readonly references: boolean;
  /** Further settings as config text (`lr=0.05;t=1,0`): they pass through to every run. */
  readonly extra: string;
}

export const MAX_EXPLORE_SEEDS = 10;

/** What the form shows first: a new experiment's circuit (the default, docs/model.md §6). */
export const EXPLORE_DEFAULTS: ExploreFormValues = {
  layers: 2,
  kernel: 2,
  family: DEFAULT_CIRCUIT.family,
  depth: DEFAULT_CIRCUIT.depth,
  shots: 0,
  tap: 'chained',
  semantics: 'measured',
  budget: 'steps',
  steps: 50,
  epochs: 1,
  train: 500,
  test: 200,
  batch: 16,
  seeds: 3,
  seed: 1,
  filter: 'all',
  contains: '1-2',
  references: true,
  extra: '',
};

/**
 * The sweep the form asks for, on `dataset` (the single-run view's: a user's dataset chosen there
 * is swept too) unless the extra settings name one themselves.
 */
export function exploreOptions(v: ExploreFormValues, dataset = MNIST_DATASET): SweepOptions {
  const perLayer = (value: string | number) => Array(v.layers).fill(value).join(',');
  const typed = v.extra.trim().replace(/^;+|;+$/g, '');
  const named = /(^|;)\s*data\s*=/.test(typed) || dataset === MNIST_DATASET;
  const extra = named ? typed : [typed, `data=${dataset}`].filter(Boolean).join(';');
  return {
    layers: v.layers,
    // The circuit always written out: without a= and d= the text would mean ryrz at depth 1.
    config:
      `n=${v.layers};k=${perLayer(v.kernel)};d=${perLayer(v.depth)};a=${perLayer(v.family)}` +
      (extra ? `;${extra}` : ''),
    ...(v.shots > 0 && { shots: v.shots }),
    tap: v.tap,
    semantics: v.semantics,
    ...(v.budget === 'steps' ? { steps: v.steps } : { epochs: v.epochs, train: v.train }),
    test: v.test,
    batch: v.batch,
    seeds: v.seeds,
    seed: v.seed,
    ...(v.filter === 'contains'
      ? { filter: { contains: v.contains } }
      : v.filter === 'all'
        ? {}
        : { filter: { access: v.filter } }),
    references: v.references,
  };
}
