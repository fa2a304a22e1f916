import type { RunRecord } from '../../engine/runRecord';
import { NO_GRADIENT, type LayerId, type StepMetrics } from '../../model/metrics';
import { minMaxIndices, runsWhere } from './downsample';

/* Pure transforms from run records to what the charts draw: data in, point lists out. */

export type RunRole = 'current' | 'previous';

export interface ShownRun {
  readonly run: RunRecord;
  readonly role: RunRole;
}

/** What a chart of the shown runs draws, and at which size. */
export interface ShownRunsChart {
  readonly shown: readonly ShownRun[];
  readonly width: number;
  readonly height: number;
}

export type Point = readonly [x: number, y: number];

/**
 * The current run, and the latest earlier run that got anywhere, drawn faded so a change of
 * configuration can be compared with what came before.
 */
export function runsToShow(runs: ReadonlyMap<number, RunRecord>, currentRunId: number): ShownRun[] {
  const current = runs.get(currentRunId);
  let previous: RunRecord | null = null;
  for (const run of runs.values()) {
    if (run.runId < currentRunId && run.steps.length > 0) previous = run;
  }
  const shown: ShownRun[] = [];
  if (previous) shown.push({ run: previous, role: 'previous' });
  if (current) shown.push({ run: current, role: 'current' });
  return shown;
}

/** The last step any shown run reached (at least `minimum`), for a shared x domain. */
export function lastStep(shown: readonly ShownRun[], minimum = 10): number {
  return lastStepOf(
    shown.map(({ run }) => run.steps),
    minimum,
  );
}

/** The last step any of these step lists reached, at least `minimum`. */
export function lastStepOf(
  stepLists: readonly (readonly { readonly step: number }[])[],
  minimum = 10,
): number {
  let last = minimum;
  for (const steps of stepLists) {
    const n = steps.length;
    if (n > 0) last = Math.max(last, steps[n - 1].step);
  }
  return last;
}

/** The norm of `layer` at a step, or undefined when the layer has no parameters (frozen). */
function normAt(step: StepMetrics, layer: LayerId): number | undefined {
  return step.gradNorms[layer];
}

/**
 * A layer's gradient-norm line on a log axis: downsampled segments where it has gradient (gaps
 * where it has none), and the step spans where it has none, for the "no gradient" lane.
 */
export interface GradientTrace {
  readonly segments: Point[][];
  readonly dead: (readonly [from: number, to: number])[];
  readonly latest: number | undefined;
}

export function gradientTrace(
  steps: readonly StepMetrics[],
  layer: LayerId,
  buckets: number,
): GradientTrace {
  return normTrace(steps, (s) => normAt(s, layer), buckets);
}

/** The same for any per-step norm: a layer's gradient, a route's flow. */
export function normTrace(
  steps: readonly StepMetrics[],
  value: (step: StepMetrics) => number | undefined,
  buckets: number,
): GradientTrace {
  const norm = (i: number) => value(steps[i]);
  const x = (i: number) => steps[i].step;
  const live = runsWhere(steps.length, (i) => {
    const v = norm(i);
    return v !== undefined && v >= NO_GRADIENT && Number.isFinite(v);
  });
  const total = steps.length || 1;
  const segments = live.map((range) => {
    // Each segment gets its share of the pixel budget; log scale, so bucket on log values.
    const share = Math.max(1, (buckets * (range.end - range.start)) / total);
    const y = (i: number) => Math.log10(norm(i) ?? NO_GRADIENT);
    return minMaxIndices(range, x, y, share).map((i): Point => [x(i), norm(i) ?? NO_GRADIENT]);
  });
  const dead = runsWhere(steps.length, (i) => {
    const v = norm(i);
    return v !== undefined && v < NO_GRADIENT;
  }).map((r) => [x(r.start), x(r.end - 1)] as const);
  const latest = steps.length > 0 ? norm(steps.length - 1) : undefined;
  return { segments, dead, latest };
}

/** Loss per step, downsampled. */
export function lossPoints(steps: readonly StepMetrics[], buckets: number): Point[] {
  const x = (i: number) => steps[i].step;
  const y = (i: number) => steps[i].loss;
  const finite = runsWhere(steps.length, (i) => Number.isFinite(steps[i].loss));
  return finite.flatMap((range) =>
    minMaxIndices(range, x, y, buckets).map((i): Point => [x(i), y(i)]),
  );
}

/**
 * Exponential moving average with bias correction (as TensorBoard smooths), so the trend of a
 * noisy per-batch loss is readable from the first step.
 */
export function smoothed(points: readonly Point[], weight: number): Point[] {
  let average = 0;
  let correction = 1;
  return points.map(([x, y]) => {
    average = average * weight + (1 - weight) * y;
    correction *= weight;
    return [x, average / (1 - correction)] as const;
  });
}

/** The EMA of every step's loss, then downsampled (smoothing the downsampled spikes would lie). */
export function smoothedLoss(
  steps: readonly StepMetrics[],
  buckets: number,
  weight = 0.9,
): Point[] {
  const all = smoothed(
    steps.filter((s) => Number.isFinite(s.loss)).map((s): Point => [s.step, s.loss]),
    weight,
  );
  const picked = minMaxIndices(
    { start: 0, end: all.length },
    (i) => all[i][0],
    (i) => all[i][1],
    buckets,
  );
  return picked.map((i) => all[i]);
}

/** log10 extent of the positive norms in all traces, widened to whole decades. */
export function logExtent(traces: readonly GradientTrace[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const t of traces) {
    for (const segment of t.segments) {
      for (const [, v] of segment) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
  }
  if (!Number.isFinite(low)) return [1e-4, 1];
  const lo = 10 ** Math.floor(Math.log10(low));
  let hi = 10 ** Math.ceil(Math.log10(high));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}
