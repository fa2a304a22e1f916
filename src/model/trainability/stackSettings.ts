/*
 * The deep-stack study's settings (docs/model.md §9): a ResQuNN of n = 2 to 8 quanv layers, K
 * random initialisations, the fixed batch every initialisation is measured on, the base
 * configuration whose layer circuit, tap, stride, padding and data every stack shares, and the
 * user's own edges. A typed value, validated once where it enters (CLI, link, worker), with a
 * message per mistake before any work starts; the n-layer network itself goes through the
 * configuration's own validator (validateConfig, with the stack's layer bound).
 */
import { formatEdgeList, parseEdgeList } from '../config/configEdges';
import { readConfigText } from '../config/configReader';
import { formatConfigText } from '../config/configText';
import { toConfigInput, withDataset } from '../config/configUpdate';
import { validateConfig } from '../config/configValidate';
import { type ConfigResult, type Edge, type ExperimentConfig } from '../config/configSchema';
import { MNIST_DATASET } from '../../data/formats/datasetRef';
import { deriveSeed } from '../../util/prng';
import { settingParts } from './settingsText';

export interface StackSettings {
  /** n, the quanv layers of every stack. */
  readonly layers: number;
  /** K, the random initialisations per stack. */
  readonly samples: number;
  readonly seed: number;
  /** How many training images the fixed batch holds (the first ones of the set). */
  readonly batch: number;
  /** A configuration's text: its layers' circuits (the last repeated up to n), tap, stride, padding. */
  readonly base: string;
  /** The user's own stack's edges, each 0 ≤ from < to ≤ n, sorted, distinct. */
  readonly edges: readonly Edge[];
}

export const STACK_LIMITS = {
  layers: { min: 2, max: 8 },
  samples: { min: 1, max: 1000 },
  batch: { min: 1, max: 64 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/**
 * The app's default circuit at n = 4 with Q2's output carried to the head. Without edges of its
 * own, a stack of any depth n carries its middle layer's output to the head (defaultEdges).
 */
export const DEFAULT_STACK_SETTINGS: StackSettings = {
  layers: 4,
  samples: 32,
  seed: 1,
  batch: 8,
  base: 'n=2;k=2,2;d=3,3;a=basic,basic',
  edges: [{ from: 2, to: 4 }],
};

/** The edges a stack of `layers` gets when none are given: Q⌊n/2⌋ to the head (2-4 at n = 4). */
export function defaultEdges(layers: number): Edge[] {
  return [{ from: Math.floor(layers / 2), to: layers }];
}

export type RawStackSettings = Partial<Record<keyof StackSettings, unknown>>;

export type StackSettingsResult =
  | { readonly ok: true; readonly settings: StackSettings }
  | { readonly ok: false; readonly errors: string[] };

function wholeIn(
  name: string,
  value: unknown,
  { min, max }: { min: number; max: number },
  what: string,
  errors: string[],
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push(
      `${name}: ${what} must be a whole number from ${min} to ${max} (got ${String(value)})`,
    );
  }
  return value as number;
}

/** Checks every setting (missing ones take the defaults); all refusals at once. */
export function validateStackSettings(raw: RawStackSettings): StackSettingsResult {
  const given = Object.entries(raw).filter(([, v]) => v !== undefined);
  const s = { ...DEFAULT_STACK_SETTINGS, ...Object.fromEntries(given) };
  const errors: string[] = [];
  const layers = wholeIn('layers', s.layers, STACK_LIMITS.layers, 'a stack’s quanv layers', errors);
  const samples = wholeIn(
    'K',
    s.samples,
    STACK_LIMITS.samples,
    'the random initialisations',
    errors,
  );
  const seed = wholeIn('seed', s.seed, STACK_LIMITS.seed, 'the seed', errors);
  const batch = wholeIn('batch', s.batch, STACK_LIMITS.batch, 'the batch’s images', errors);
  const base = typeof s.base === 'string' ? readConfigText(s.base) : null;
  if (!base) errors.push('config: the base configuration must be a configuration’s text');
  else if (!base.ok) errors.push(...base.errors.map((e) => `config: ${e.message}`));
  else if (base.config.model !== 'resqunn')
    errors.push(
      `config: a stack is a ResQuNN (m=${base.config.model} has no trainable quanv stack)`,
    );
  const edges =
    raw.edges === undefined && Number.isInteger(layers) && layers >= 2
      ? defaultEdges(layers)
      : readEdges(s.edges, errors);
  if (errors.length > 0 || !base?.ok) return { ok: false, errors };
  // The user's stack at n layers, through the configuration's validator: its edges against n, and
  // the map sizes n layers of this stride and padding leave.
  const network = stackNetwork(base.config, { layers, batch, seed }, edges, 0);
  if (!network.ok) {
    const where = (path: string) => (path.startsWith('edges') ? 'edges' : 'config');
    return { ok: false, errors: network.errors.map((e) => `${where(e.path)}: ${e.message}`) };
  }
  return {
    ok: true,
    settings: {
      layers,
      samples,
      seed,
      batch,
      base: s.base as string,
      edges: network.config.edges.map((e) => ({ from: e.from, to: e.to })),
    },
  };
}

/**
 * The network of one stack at one initialisation: the base configuration's layers (the last
 * repeated up to n), the stack's edges, `exact` semantics, exact expectation values, the batch as
 * its training set, the sample's seed; the base's tap, stride, padding, circuit and data.
 */
export function stackNetwork(
  base: ExperimentConfig,
  s: Pick<StackSettings, 'layers' | 'batch' | 'seed'>,
  edges: readonly Edge[],
  sample: number,
): ConfigResult {
  const layers = Array.from({ length: s.layers }, (_, i) => ({
    ...base.layers[Math.min(i, base.layers.length - 1)],
  }));
  return validateConfig(
    {
      ...toConfigInput(base),
      layers,
      edges: edges.map((e) => ({ from: e.from, to: e.to })),
      semantics: 'exact',
      shots: 0,
      trainSize: s.batch,
      batchSize: s.batch,
      seed: deriveSeed(s.seed, sample) & 0x7fffffff,
    },
    { maxLayers: STACK_LIMITS.layers.max },
  );
}

/** The data every stack is measured on: the base configuration's (`mnist` or a user's `name.hash`). */
export function stackDataset(s: Pick<StackSettings, 'base'>): string {
  const base = readConfigText(s.base);
  return base.ok ? base.config.dataset : MNIST_DATASET;
}

/**
 * The base configuration's text with `dataset` as its data (`data=`, as every configuration
 * names it); a text that already names it, or does not parse (validation says why), is kept.
 */
export function withStackDataset(base: string, dataset: string): string {
  const parsed = readConfigText(base);
  if (!parsed.ok || parsed.config.dataset === dataset) return base;
  // The sizes (unused by a stack) within what the validator allows for that data.
  const changed = withDataset(parsed.config, dataset);
  return changed.ok ? formatConfigText(changed.config) : base;
}

/** Edges from a list of {from, to} or a text like "1-4,2-4". */
function readEdges(value: unknown, errors: string[]): Edge[] {
  if (typeof value === 'string') {
    const parsed = parseEdgeList(value);
    if (parsed.ok) return parsed.edges;
    errors.push(...parsed.errors.map((e) => `edges: ${e.message}`));
    return [];
  }
  if (Array.isArray(value)) return value as Edge[];
  errors.push(`edges: a list like 1-4,2-4 (got ${String(value)})`);
  return [];
}

/** The settings as one line for the link: `L=8;K=32;seed=1;b=8;e=1-8,3-8` (the base apart). */
export function formatStackText(s: StackSettings): string {
  return `L=${s.layers};K=${s.samples};seed=${s.seed};b=${s.batch};e=${formatEdgeList(s.edges)}`;
}

const TEXT_KEYS = { L: 'layers', K: 'samples', seed: 'seed', b: 'batch', e: 'edges' } as const;

/** The raw settings a line names, for validateStackSettings; unknown keys are errors. */
export function parseStackText(text: string): { raw: RawStackSettings; errors: string[] } {
  const raw: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, value] of settingParts(text)) {
    const field = TEXT_KEYS[key as keyof typeof TEXT_KEYS] as string | undefined;
    if (!field) errors.push(`'${key}' is not a stack setting (L, K, seed, b, e)`);
    else raw[field] = field === 'edges' || value === '' ? value : Number(value);
  }
  return { raw, errors };
}
