import { predictLayerAccess } from '../../src/model/accessibility/accessibility';
import { allEdgeSubsets, formatEdgeList } from '../../src/model/config/configEdges';
import {
  DEFAULT_CIRCUIT,
  describeConfigErrors,
  type Depth,
  type Semantics,
  type Tap,
} from '../../src/model/config/config';
import type { CircuitFamily } from '../../src/sim/circuit/circuitProgram';
import { formatConfigText, parseConfigText } from '../../src/model/config/configText';
import { paperName } from '../../src/model/config/paperName';
import { datasetLabel as labelOf, MNIST_DATASET } from '../../src/data/formats/datasetRef';

/* Which runs the figures need: pure planning, so the same flags always train the same runs. */

export interface FigureSettings {
  /** Quanv layer counts of the accessibility sweeps (2 and/or 3). */
  readonly layers: readonly number[];
  /** Training steps of every run: one epoch of `steps` batches. */
  readonly steps: number;
  readonly batch: number;
  readonly test: number;
  readonly seed: number;
  /** Seeds per configuration (seed, seed+1, …); with 3 or more, (c) and (d) draw 95% CIs. */
  readonly seeds: number;
  readonly tap: Tap;
  readonly semantics: Semantics;
  /** Every quanv layer's circuit: by default the app's (DEFAULT_CIRCUIT). */
  readonly family: CircuitFamily;
  readonly depth: Depth;
  /** Also the benchmark models (d) and the 9-qubit comparison (e), on two layers. */
  readonly benchmarks: boolean;
  readonly qubits: boolean;
  /** The data every run trains on: `mnist` (built in) or a user's `name.hash` (--data). */
  readonly dataset: string;
}

export const DEFAULT_SETTINGS: FigureSettings = {
  layers: [2],
  steps: 30,
  batch: 16,
  test: 200,
  seed: 1,
  seeds: 1,
  tap: 'chained',
  semantics: 'measured',
  ...DEFAULT_CIRCUIT,
  benchmarks: true,
  qubits: true,
  dataset: MNIST_DATASET,
};

/** How figures and their files name the settings' dataset: MNIST, or the user's `name.hash`. */
export function datasetLabel(settings: Pick<FigureSettings, 'dataset'>): string {
  return labelOf(settings.dataset);
}

/** A configuration's canonical text, or an Error saying why it is not valid. */
export function canonical(text: string): string {
  const parsed = parseConfigText(text);
  if (!parsed.ok)
    throw new Error(`figure configuration "${text}": ${describeConfigErrors(parsed.errors)}`);
  return formatConfigText(parsed.config);
}

/** The text of an n-layer configuration with these edges, kernel and model, in the settings. */
export function configText(
  settings: FigureSettings,
  layers: number,
  options: { edges?: string; kernel?: number; model?: 'resqunn' | 'frozen' | 'classical' } = {},
): string {
  const kernel = options.kernel ?? 2;
  const perLayer = (value: string | number) => Array(layers).fill(value).join(',');
  const parts = [
    `n=${layers}`,
    `k=${perLayer(kernel)}`,
    `d=${perLayer(settings.depth)}`,
    `a=${perLayer(settings.family)}`,
  ];
  if (options.edges) parts.push(`e=${options.edges}`);
  parts.push(`tap=${settings.tap}`, `sem=${settings.semantics}`);
  if (options.model && options.model !== 'resqunn') parts.push(`m=${options.model}`);
  parts.push(
    `train=${settings.steps * settings.batch}`,
    `test=${settings.test}`,
    `b=${settings.batch}`,
    `lr=0.01`,
    `ep=1`,
    `seed=${settings.seed}`,
  );
  if (settings.dataset !== MNIST_DATASET) parts.push(`data=${settings.dataset}`);
  return canonical(parts.join(';'));
}

export interface SweepEntry {
  readonly config: string;
  readonly edges: string;
  readonly name: string;
  readonly predicted: ReturnType<typeof predictLayerAccess>;
}

/** Every residual configuration of n layers, in allEdgeSubsets' order, with its prediction. */
export function sweep(settings: FigureSettings, layers: number): SweepEntry[] {
  return allEdgeSubsets(layers).map((edges) => {
    const text = configText(settings, layers, { edges: formatEdgeList(edges) });
    const parsed = parseConfigText(text);
    if (!parsed.ok) throw new Error(describeConfigErrors(parsed.errors));
    return {
      config: text,
      edges: formatEdgeList(edges),
      name: paperName(parsed.config),
      predicted: predictLayerAccess(parsed.config),
    };
  });
}

/**
 * The configurations drawn as gradient curves (b): no residual beside the fewest-edge
 * configurations that reach every layer (for 2 layers: `1-2`, the paper's O1+O2).
 */
export function curveChoices(entries: readonly SweepEntry[], count: number): SweepEntry[] {
  const none = entries.find((e) => e.edges === '');
  const reaching = entries.filter(
    (e) => e.edges !== '' && Object.values(e.predicted).every((a) => a === 'gradient'),
  );
  return [...(none ? [none] : []), ...reaching.slice(0, count - 1)];
}

export interface Labelled {
  readonly label: string;
  readonly config: string;
  readonly colour: string;
  readonly dashed?: boolean;
}

/** (d): trainable ResQuNNs beside the benchmark models of the paper's Figure 5. */
export function benchmarkRuns(settings: FigureSettings): Labelled[] {
  return [
    { label: 'no residual', config: configText(settings, 2), colour: '#e07b1f' },
    { label: 'O1+O2', config: configText(settings, 2, { edges: '1-2' }), colour: '#2f6fdf' },
    {
      label: 'frozen quanv (benchmark)',
      config: configText(settings, 2, { model: 'frozen' }),
      colour: '#6b7584',
      dashed: true,
    },
    {
      label: 'classical head only',
      config: configText(settings, 2, { model: 'classical' }),
      colour: '#1b2330',
      dashed: true,
    },
  ];
}

/** (e): 4-qubit (2×2) against 9-qubit (3×3) layers, without and with the residual O1+O2. */
export function qubitRuns(settings: FigureSettings): Labelled[] {
  return [
    { label: '2×2, no residual', config: configText(settings, 2), colour: '#e07b1f' },
    { label: '2×2, O1+O2', config: configText(settings, 2, { edges: '1-2' }), colour: '#2f6fdf' },
    {
      label: '3×3, no residual',
      config: configText(settings, 2, { kernel: 3 }),
      colour: '#e07b1f',
      dashed: true,
    },
    {
      label: '3×3, O1+O2',
      config: configText(settings, 2, { kernel: 3, edges: '1-2' }),
      colour: '#2f6fdf',
      dashed: true,
    },
  ];
}

/** Every configuration to train, once each, in a stable order (cheap ones first); then the same
 * for every further seed. */
export function allRuns(settings: FigureSettings): string[] {
  const configs = [
    ...settings.layers.flatMap((n) => sweep(settings, n).map((e) => e.config)),
    ...(settings.benchmarks ? benchmarkRuns(settings).map((r) => r.config) : []),
    ...(settings.qubits ? qubitRuns(settings).map((r) => r.config) : []),
  ];
  const unique = [...new Set(configs)];
  return [
    ...unique,
    ...seedOffsets(settings).flatMap((k) => unique.map((c) => withSeed(c, settings.seed + k))),
  ];
}

/** 1 … seeds−1: the further seeds' offsets from the first. */
export function seedOffsets(settings: FigureSettings): number[] {
  return Array.from({ length: Math.max(0, settings.seeds - 1) }, (_, i) => i + 1);
}

/** The configuration text with another seed. */
export function withSeed(config: string, seed: number): string {
  return canonical(`${config.replace(/(^|;)seed=\d+/, '')};seed=${seed}`);
}
