/*
 * The shape of an experiment configuration (docs/model.md §1–§4), its limits and its defaults. Only
 * validateConfig (configValidate.ts) produces an ExperimentConfig: every way a configuration
 * enters the app (UI, URL, file, CLI) goes through it, so code that holds one never re-checks.
 */

import type { CircuitFamily } from '../../sim/circuit/circuitProgram';
import type { CustomCircuit } from '../../sim/circuit/customCircuit';

export type Kernel = 2 | 3;
export type Depth = 1 | 2 | 3 | 4;
export type Stride = 1 | 2 | 3;
/** docs/model.md §3: whether a residual edge carries the merged value h_a or the raw output O_a. */
export type Tap = 'chained' | 'raw';
/** docs/model.md §4: whether backpropagation stops at every quanv layer's encoding (the paper's setting). */
export type Semantics = 'measured' | 'exact';
export type Padding = 'same' | 'valid';
/** docs/model.md §2: the ResQuNN, or a benchmark model (every quanv layer frozen; the head alone on X). */
export type ModelKind = 'resqunn' | 'frozen' | 'classical';

export interface LayerSpec {
  readonly kernel: Kernel;
  /**
   * L, the number of ansatz layers of the layer's circuit family (docs/model.md §1, §6); a layer
   * that states none has 1 (IMPLICIT_CIRCUIT).
   */
  readonly depth: Depth;
  /** false: the layer keeps its random angles (the static quanv layer of earlier work). */
  readonly trainable: boolean;
  /**
   * The ansatz (docs/model.md §6): ryrz, basic, strong or random; a layer that names none is ryrz
   * (IMPLICIT_CIRCUIT).
   */
  readonly family: CircuitFamily;
  /**
   * The layer's own circuit (src/sim/circuit/customCircuit.ts), run instead of the family's when
   * set; family and depth then only say what it was copied from. Absent in everything saved
   * before custom circuits, which keep their meaning.
   */
  readonly circuit?: CustomCircuit;
}

/**
 * A residual connection `from → to` (docs/model.md §3): node 0 is X, node i is Qi; it adds tap(from) at the
 * merge point after Q`to`. Valid edges satisfy 0 ≤ from < to ≤ n.
 */
export interface Edge {
  readonly from: number;
  readonly to: number;
}

/** Every setting of a configuration, as plain data. */
export interface ConfigValues {
  /** Q1 … Qn, in order; n = layers.length (1..4; up to 8 in the deep-stack study's networks). */
  readonly layers: readonly LayerSpec[];
  /** Sorted by (from, to), no duplicates. */
  readonly edges: readonly Edge[];
  readonly tap: Tap;
  readonly semantics: Semantics;
  readonly stride: Stride;
  readonly padding: Padding;
  readonly model: ModelKind;
  readonly trainSize: number;
  readonly testSize: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly seed: number;
  /**
   * docs/model.md §6: measurements per ⟨Z⟩ estimate; 0 = exact expectation values. With shots the forward
   * pass estimates ⟨Z⟩ and gradients use the parameter-shift rule on estimates.
   */
  readonly shots: number;
  /**
   * The data (src/data/formats/datasetRef.ts): 'mnist', the built-in digits, or a user's stored
   * dataset as `name.hash`. Absent from text and links made before datasets: they mean 'mnist'.
   */
  readonly dataset: string;
}

/**
 * The brand. A class with a private member, not a symbol-keyed property: object spread keeps a
 * symbol key in its type, so `{ ...config, batchSize: 9999 }` would still pass as validated,
 * whereas spread drops private members and the copy must go through the validator again.
 */
declare abstract class Validated {
  private readonly validatedByValidateConfig: true;
}

/**
 * A configuration that passed validateConfig. The brand exists only in the type system: a plain
 * object, or an edited copy of a valid one, is not assignable, so a function taking an
 * ExperimentConfig can trust it. Deeply frozen at run time as well.
 */
export type ExperimentConfig = ConfigValues & Validated;

/**
 * What a configuration may be built from: any subset of the settings (missing ones take their
 * defaults), layers possibly partial. validateConfig takes `unknown`; this type is for callers who
 * build input in code.
 */
export type ConfigInput = Partial<Omit<ConfigValues, 'layers'>> & {
  readonly layers?: readonly Partial<LayerSpec>[];
};

export type ConfigError = {
  /** Where the problem is, in the object form, e.g. `layers[1].depth`, `edges[0]`, `learningRate`. */
  readonly path: string;
  /** A sentence a person understands, naming the offending value and the rule. */
  readonly message: string;
};

export type ConfigResult =
  | { readonly ok: true; readonly config: ExperimentConfig }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

export const KERNELS: readonly Kernel[] = [2, 3];
export const TAPS: readonly Tap[] = ['chained', 'raw'];
export const SEMANTICS: readonly Semantics[] = ['measured', 'exact'];
export const PADDINGS: readonly Padding[] = ['same', 'valid'];
export const MODEL_KINDS: readonly ModelKind[] = ['resqunn', 'frozen', 'classical'];

/**
 * Inclusive ranges. The built-in split has 6,630 training and 2,000 test images
 * (src/data/FORMAT.md); a user's dataset allows up to DATASET_SIZE_LIMIT and is checked against
 * its real size when a run loads it.
 */
export const CONFIG_LIMITS = {
  layers: { min: 1, max: 4 },
  depth: { min: 1, max: 4 },
  stride: { min: 1, max: 3 },
  trainSize: { min: 1, max: 6630 },
  testSize: { min: 1, max: 2000 },
  batchSize: { min: 1, max: 512 },
  /** Exclusive lower bound 0: a learning rate must be positive. */
  learningRate: { max: 1 },
  epochs: { min: 1, max: 100 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  shots: { min: 0, max: 1_000_000 },
} as const;

/** trainSize and testSize's upper limit for a user's dataset: the import limit (DATASET_LIMITS). */
export const DATASET_SIZE_LIMIT = 200_000;

/**
 * Side of the (square) input image after pooling, docs/model.md §2; the network, the validator and
 * the drawing pad all read it here (the configuration does not pull in tfjs).
 */
export const IMAGE_SIDE = 14;

/**
 * What a layer that does not state its circuit means, in every form a configuration is kept in
 * (text and URL without `a=`/`d=`, a file, a CLI string, an object layer without family/depth):
 * `ryrz` at depth 1, the only circuit before families existed. Fixed for good, and deliberately
 * not the default (DEFAULT_CIRCUIT), which may change: if it followed the default, every saved
 * link would change meaning with it.
 */
export const IMPLICIT_CIRCUIT: Pick<LayerSpec, 'family' | 'depth'> = Object.freeze({
  family: 'ryrz',
  depth: 1,
});

/**
 * The circuit of a new experiment's layers (docs/model.md §6): of the families and depths with no
 * dead parameter, the one that trained the default experiment best
 * (scripts/measure/defaultCircuit.ts).
 */
export const DEFAULT_CIRCUIT: Pick<LayerSpec, 'family' | 'depth'> = Object.freeze({
  family: 'basic',
  depth: 3,
});

/** A new experiment's layer; the formats write its circuit out, since it is not IMPLICIT_CIRCUIT. */
export const DEFAULT_LAYER: LayerSpec = Object.freeze({
  kernel: 2,
  trainable: true,
  ...DEFAULT_CIRCUIT,
});
export const DEFAULT_LAYER_COUNT = 2;

/** The defaults of docs/model.md §2–§3 for everything but the layers and edges. */
export const DEFAULT_SETTINGS = Object.freeze({
  tap: 'chained',
  semantics: 'measured',
  stride: 1,
  padding: 'same',
  model: 'resqunn',
  trainSize: 500,
  testSize: 200,
  batchSize: 16,
  learningRate: 0.01,
  epochs: 1,
  seed: 1,
  shots: 0,
  dataset: 'mnist',
} as const satisfies Omit<ConfigValues, 'layers' | 'edges'>);

/** The keys of the object form, in a fixed order; any other key is a typo and an error. */
export const CONFIG_KEYS = [
  'layers',
  'edges',
  'tap',
  'semantics',
  'stride',
  'padding',
  'model',
  'trainSize',
  'testSize',
  'batchSize',
  'learningRate',
  'epochs',
  'seed',
  'shots',
  'dataset',
] as const satisfies readonly (keyof ConfigValues)[];

export const LAYER_KEYS = [
  'kernel',
  'depth',
  'trainable',
  'family',
  'circuit',
] as const satisfies readonly (keyof LayerSpec)[];
export const EDGE_KEYS = ['from', 'to'] as const satisfies readonly (keyof Edge)[];
