/*
 * A sweep's results, per run and per configuration (docs/model.md §7).
 * A PairResult is what one configuration–seed run leaves; rows aggregate them across seeds. Both
 * are plain JSON: rows are what `npm run sweep -- --json`, `window.resqunnLab.sweep` and the
 * Explore view show, computed by this one function from the same results, so a merged set of
 * shards gives exactly the unsharded rows.
 */
import { predictHasGradient } from '../accessibility/accessibility';
import { parseConfigText } from '../config/configText';
import { hasGradient } from '../metrics';
import { paperName } from '../config/paperName';
import { mean, meanDifference, summarize, variance, type Difference } from './statistics';
import type { SweepPlan } from './sweepPlan';

export interface PairResult {
  /** The pair's index in the plan's work list. */
  readonly pair: number;
  readonly config: number;
  readonly seed: number;
  /** Final test accuracy; null when the run failed (see error). */
  readonly testAccuracy: number | null;
  /** Per layer (Q1…Qn, H), the gradient norm averaged over the run's steps. */
  readonly gradNorm: Readonly<Record<string, number>>;
  /** Per layer, the gradient norm at step 1. */
  readonly firstStepGradNorm: Readonly<Record<string, number>>;
  readonly error: string | null;
}

export type ObservedAccess = boolean | 'mixed';

export interface SweepRow {
  readonly edges: string;
  readonly name: string;
  /** resqunn, or a benchmark model (a reference row). */
  readonly model: string;
  /** The configuration text without a seed override: what opens in the single-run view. */
  readonly config: string;
  readonly predicted: Readonly<Record<string, boolean>>;
  /** Mean over seeds of each run's mean gradient norm per layer. */
  readonly gradNorm: Readonly<Record<string, number>>;
  readonly seeds: readonly number[];
  /**
   * Per quanv layer, the access observed in training: gradient in every seed (true), in none
   * (false), or in some ("mixed"). The key keeps the name the sweep's row format was published
   * with (CLI JSON, `window.resqunnLab.sweep`, saved files); elsewhere "measured" names only the
   * gradient semantics.
   */
  readonly measuredAccess: Readonly<Record<string, ObservedAccess>>;
  readonly testAccuracy: {
    readonly mean: number;
    /** Null with fewer than two finished seeds. */
    readonly sd: number | null;
    readonly ci95: readonly [number, number] | null;
    readonly values: readonly number[];
  };
  readonly firstStepGradNorm: Readonly<
    Record<string, { readonly mean: number; readonly variance: number | null }>
  >;
  readonly errors: readonly string[];
}

/** Rows for every configuration with at least one result, in plan order. */
export function sweepRows(plan: SweepPlan, results: readonly PairResult[]): SweepRow[] {
  const byConfig = new Map<number, PairResult[]>();
  for (const r of [...results].sort((a, b) => a.pair - b.pair)) {
    const list = byConfig.get(r.config) ?? [];
    list.push(r);
    byConfig.set(r.config, list);
  }
  const rows: SweepRow[] = [];
  for (const [index, text] of plan.configs.entries()) {
    const runs = byConfig.get(index);
    if (runs) rows.push(configRow(text, runs));
  }
  return rows;
}

function configRow(text: string, runs: readonly PairResult[]): SweepRow {
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(`sweep rows: bad config ${text}`);
  const config = parsed.config;
  const predicted = { ...predictHasGradient(config) } as Record<string, boolean>;
  const layers = [...new Set(runs.flatMap((r) => Object.keys(r.gradNorm)))].sort(layerOrder);
  const perLayer = <T>(f: (layer: string) => T) => Object.fromEntries(layers.map((l) => [l, f(l)]));
  const values = runs.flatMap((r) => (r.testAccuracy === null ? [] : [r.testAccuracy]));
  const stats = summarize(values, [0, 1]);
  return {
    edges: text.match(/(?:^|;)e=([^;]*)/)?.[1] ?? '',
    name: config.model === 'resqunn' ? paperName(config) : `${config.model} (benchmark)`,
    model: config.model,
    config: text,
    predicted,
    gradNorm: perLayer((l) => mean(runs.map((r) => r.gradNorm[l] ?? 0))),
    seeds: runs.map((r) => r.seed),
    measuredAccess: Object.fromEntries(
      layers
        .filter((l) => l !== 'H')
        .map((l) => {
          const has = runs.map((r) => hasGradient(r.gradNorm[l]));
          return [l, has.every(Boolean) ? true : has.some(Boolean) ? 'mixed' : false];
        }),
    ),
    testAccuracy: { mean: stats.mean, sd: stats.sd, ci95: stats.ci95, values },
    firstStepGradNorm: perLayer((l) => {
      const v = runs.map((r) => r.firstStepGradNorm[l] ?? 0);
      return { mean: mean(v), variance: variance(v) };
    }),
    errors: runs.flatMap((r) => (r.error ? [`seed ${r.seed}: ${r.error}`] : [])),
  };
}

/** Q1 < Q2 < … < H. */
function layerOrder(a: string, b: string): number {
  const rank = (l: string) => (l === 'H' ? Infinity : Number(l.slice(1)));
  return rank(a) - rank(b);
}

/** Every quanv layer observed with gradient in every seed. */
export function hasFullAccess(row: SweepRow): boolean {
  const layers = Object.values(row.measuredAccess);
  return layers.length > 0 && layers.every((a) => a === true);
}

export interface SweepSummary {
  readonly full: number;
  readonly others: number;
  /** Mean test accuracy of full-access runs minus that of the others, with Welch's 95% CI. */
  readonly difference: Difference | null;
  readonly agree: number;
  readonly configurations: number;
}

/**
 * The paper's comparison made honest: every finished run (configuration × seed) of a
 * configuration with gradient in every layer against every run of the others (reference rows
 * excluded), as a difference of means with Welch's interval.
 */
export function sweepSummary(rows: readonly SweepRow[]): SweepSummary {
  const quanv = rows.filter((r) => r.model === 'resqunn');
  const full = quanv.filter(hasFullAccess);
  const others = quanv.filter((r) => !hasFullAccess(r));
  const a = full.flatMap((r) => r.testAccuracy.values);
  const b = others.flatMap((r) => r.testAccuracy.values);
  return {
    full: full.length,
    others: others.length,
    difference: a.length > 0 && b.length > 0 ? meanDifference(a, b) : null,
    agree: quanv.filter((r) =>
      Object.entries(r.predicted).every(([l, p]) => r.measuredAccess[l] === p),
    ).length,
    configurations: quanv.length,
  };
}

/** One sentence for stdout, the Explore view and the figures. */
export function summarySentence(summary: SweepSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}`;
  const d = summary.difference;
  if (!d) {
    return `${summary.full} of ${summary.configurations} configurations give every layer gradient; no comparison (one group is empty).`;
  }
  const sign = d.difference >= 0 ? '+' : '';
  const ci = d.ci95
    ? `95% CI [${pct(d.ci95[0])}, ${pct(d.ci95[1])}] points`
    : 'no CI (a group has fewer than two runs)';
  return (
    `Mean test accuracy, gradient in every layer (${summary.full} configurations) minus the others ` +
    `(${summary.others}): ${sign}${pct(d.difference)} points, ${ci}, across configurations and seeds.`
  );
}
