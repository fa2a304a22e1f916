/*
 * A sweep as plain data (docs/model.md §7): the configurations to train (as config texts,
 * so every setting, present or future, passes through unchanged) and the seeds each is trained
 * with. The work is a list of configuration–seed pairs, configuration-major; a shard i/N takes
 * the pairs whose index is i−1 modulo N (round-robin), so shards stay balanced when the
 * configurations differ in cost. One plan, one definition, for the CLI, the API and the app.
 */
import { accessibilityReport } from '../accessibility/accessibility';
import {
  allEdgeSubsets,
  DEFAULT_CONFIG,
  describeConfigErrors,
  edgeProblem,
  parseEdgeList,
  sameEdge,
  withLayerCount,
  withSettings,
  type ConfigInput,
  type ExperimentConfig,
} from '../config/config';
import { formatConfigText, parseConfigText } from '../config/configText';

export interface SweepPlan {
  readonly format: 'resqunn-sweep-plan';
  readonly version: 1;
  /** One config text per configuration (its seed is replaced per run); references last. */
  readonly configs: readonly string[];
  /** The seeds every configuration is trained with: s, s+1, … s+K−1. */
  readonly seeds: readonly number[];
}

export interface SweepPair {
  /** Position in the plan's work list (configuration-major). */
  readonly index: number;
  /** Index into plan.configs. */
  readonly config: number;
  readonly seed: number;
}

/** Which edge sets of the n-layer network to train. */
export interface SweepFilter {
  /** Only edge sets containing every edge of this list (`1-2` or `0-1,1-2`). */
  readonly contains?: string;
  /** Only those whose prediction gives every trainable layer gradient ('full') or not ('partial'). */
  readonly access?: 'full' | 'partial';
}

export interface SweepOptions {
  /** Layer count 1–4; the edge sets are all 2^(n(n+1)/2) subsets, or the filter's. */
  readonly layers: number;
  /**
   * A base configuration text: its settings pass through (its edges and seed are replaced).
   * Without it, the app's default configuration (DEFAULT_CONFIG) with `layers` layers.
   */
  readonly config?: string;
  readonly kernels?: readonly number[];
  /** Steps per run: one epoch over steps × batch training images. Excludes `train`. */
  readonly steps?: number;
  readonly epochs?: number;
  readonly train?: number;
  readonly test?: number;
  readonly batch?: number;
  readonly tap?: string;
  readonly semantics?: string;
  /** Finite shots per ⟨Z⟩ estimate (docs/model.md §6; 0 = exact); also settable as `shots=` in `config`. */
  readonly shots?: number;
  /** How many seeds (1–100), from `seed` (default: the base configuration's seed). */
  readonly seeds?: number;
  readonly seed?: number;
  readonly filter?: SweepFilter;
  /** Also train the benchmark models (frozen, classical) as reference rows. */
  readonly references?: boolean;
}

/** The sweep defaults where the options and the base text say nothing: brief runs. */
const SWEEP_DEFAULTS = { steps: 10, batch: 10, test: 50 } as const;
const MAX_SEEDS = 100;

export type PlanResult =
  | { readonly ok: true; readonly plan: SweepPlan; readonly base: ExperimentConfig }
  | { readonly ok: false; readonly errors: readonly string[] };

const OPTION_KEYS = [
  'layers',
  'config',
  'kernels',
  'steps',
  'epochs',
  'train',
  'test',
  'batch',
  'tap',
  'semantics',
  'shots',
  'seeds',
  'seed',
  'filter',
  'references',
] as const;

/** Options (from any caller: CLI flags, the API, the Explore form) → a validated plan. */
export function sweepPlan(input: unknown): PlanResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(['the sweep options must be an object, e.g. {layers: 2, seeds: 3}']);
  }
  const options = input as Record<string, unknown>;
  const unknown = Object.keys(options).filter(
    (k) => !(OPTION_KEYS as readonly string[]).includes(k),
  );
  if (unknown.length > 0) {
    return fail([
      `unknown sweep option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; the options are ${OPTION_KEYS.join(', ')}`,
    ]);
  }
  const errors: string[] = [];
  const int = (key: string, min: number, max: number): number | undefined => {
    const v = options[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      // JSON has no NaN or Infinity: it would write them as null.
      const got = typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
      errors.push(`${key} must be a whole number from ${min} to ${max} (got ${got})`);
      return undefined;
    }
    return v;
  };
  const layers = int('layers', 1, 4);
  if (options.layers === undefined) errors.push('layers is required (1 to 4)');
  const steps = int('steps', 1, 10_000);
  const seeds = int('seeds', 1, MAX_SEEDS) ?? 1;
  const firstSeed = int('seed', 0, 2 ** 31 - 1 - MAX_SEEDS);
  if (steps !== undefined && options.train !== undefined) {
    errors.push('give steps or train, not both: steps sets the training set to steps × batch');
  }
  if (options.config !== undefined && typeof options.config !== 'string') {
    errors.push('config must be a configuration text, e.g. "n=2;k=2,2;tap=raw"');
  }
  if (options.references !== undefined && typeof options.references !== 'boolean') {
    errors.push('references must be true or false');
  }
  const filter = readFilter(options.filter, errors);
  if (filter?.contains && layers !== undefined) {
    const wanted = parseEdgeList(filter.contains);
    for (const edge of wanted.ok ? wanted.edges : []) {
      const problem = edgeProblem(layers, [], edge);
      if (problem) errors.push(`filter.contains: ${problem}`);
    }
  }
  if (errors.length > 0 || layers === undefined) return fail(errors);

  const text = (options.config as string | undefined) ?? '';
  const parsed =
    options.config === undefined ? withLayerCount(DEFAULT_CONFIG, layers) : parseConfigText(text);
  if (!parsed.ok) return fail([`config "${text}": ${describeConfigErrors(parsed.errors)}`]);
  if (parsed.config.layers.length !== layers) {
    return fail([
      `config "${text}" has ${parsed.config.layers.length} layers, layers says ${layers}`,
    ]);
  }
  const fromText = (key: string) => new RegExp(`(^|;)${key}=`).test(text);
  const batch =
    (options.batch as number | undefined) ?? (fromText('b') ? undefined : SWEEP_DEFAULTS.batch);
  const runSteps =
    steps ??
    (options.train === undefined &&
    options.epochs === undefined &&
    !fromText('train') &&
    !fromText('ep')
      ? SWEEP_DEFAULTS.steps
      : undefined);
  const patch: Record<string, unknown> = {
    edges: [],
    kernels: undefined,
    tap: options.tap,
    semantics: options.semantics,
    shots: options.shots,
    epochs: runSteps !== undefined ? 1 : options.epochs,
    trainSize: options.train,
    testSize: options.test ?? (fromText('test') ? undefined : SWEEP_DEFAULTS.test),
    batchSize: batch,
    seed: firstSeed,
  };
  if (options.kernels !== undefined) {
    const k = options.kernels;
    if (!Array.isArray(k) || k.length !== layers) {
      return fail([
        `kernels must list one kernel size per layer (${layers}), e.g. [${Array(layers).fill(2).join(', ')}]`,
      ]);
    }
    patch.layers = parsed.config.layers.map((l, i) => ({ ...l, kernel: k[i] }));
  }
  delete patch.kernels;
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  let result = withSettings(parsed.config, defined as ConfigInput);
  if (result.ok && runSteps !== undefined) {
    result = withSettings(result.config, { trainSize: runSteps * result.config.batchSize });
  }
  if (!result.ok) return fail([describeConfigErrors(result.errors)]);
  const base = result.config;

  const configs: string[] = [];
  for (const edges of allEdgeSubsets(layers)) {
    const config = withSettings(base, { edges });
    if (!config.ok) continue; // every subset of valid edges is valid; kept for safety
    if (filter && !matches(config.config, filter)) continue;
    configs.push(formatConfigText(config.config));
  }
  if (configs.length === 0) return fail(['the filter leaves no configuration to train']);
  if (options.references === true) {
    for (const model of ['frozen', 'classical'] as const) {
      const ref = withSettings(base, { model });
      if (ref.ok) configs.push(formatConfigText(ref.config));
    }
  }
  const s0 = base.seed;
  return {
    ok: true,
    base,
    plan: {
      format: 'resqunn-sweep-plan',
      version: 1,
      configs,
      seeds: Array.from({ length: seeds }, (_, i) => s0 + i),
    },
  };
}

function readFilter(value: unknown, errors: string[]): SweepFilter | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    errors.push('filter must be an object: {contains: "1-2"} or {access: "full"}');
    return undefined;
  }
  const f = value as Record<string, unknown>;
  if (
    f.contains !== undefined &&
    (typeof f.contains !== 'string' || !parseEdgeList(f.contains).ok)
  ) {
    errors.push(
      `filter.contains must be an edge list such as "1-2" or "0-1,1-2" (got ${JSON.stringify(f.contains)})`,
    );
  }
  if (f.access !== undefined && f.access !== 'full' && f.access !== 'partial') {
    errors.push(`filter.access must be "full" or "partial" (got ${JSON.stringify(f.access)})`);
  }
  return f as SweepFilter;
}

function matches(config: ExperimentConfig, filter: SweepFilter): boolean {
  if (filter.contains) {
    const wanted = parseEdgeList(filter.contains);
    if (wanted.ok && !wanted.edges.every((w) => config.edges.some((e) => sameEdge(e, w)))) {
      return false;
    }
  }
  if (filter.access) {
    const full = accessibilityReport(config).every((r) => r.access !== 'none');
    if ((filter.access === 'full') !== full) return false;
  }
  return true;
}

const fail = (errors: readonly string[]): PlanResult => ({ ok: false, errors });

/** Every configuration–seed pair, configuration-major. */
export function sweepPairs(plan: SweepPlan): SweepPair[] {
  return plan.configs.flatMap((_, config) =>
    plan.seeds.map((seed, s) => ({ index: config * plan.seeds.length + s, config, seed })),
  );
}

/** Shard `index` of `count` (1-based): the pairs dealt to it round-robin. */
export function shardPairs(plan: SweepPlan, index: number, count: number): SweepPair[] {
  return sweepPairs(plan).filter((p) => p.index % count === index - 1);
}

/** The config text one pair trains: its configuration with the pair's seed. */
export function pairConfigText(plan: SweepPlan, pair: SweepPair): string {
  const parsed = parseConfigText(plan.configs[pair.config]);
  if (!parsed.ok) throw new Error(`sweep plan: bad config ${plan.configs[pair.config]}`);
  const seeded = withSettings(parsed.config, { seed: pair.seed });
  if (!seeded.ok) throw new Error(`sweep plan: seed ${pair.seed} refused`);
  return formatConfigText(seeded.config);
}
