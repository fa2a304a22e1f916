import { accessibilityReport } from '../../model/accessibility/accessibility';
import type { ExperimentConfig } from '../../model/config/config';
import { formatConfigText, formatEdgeList, parseConfigText } from '../../model/config/configText';
import type { SweepPlan } from '../../model/sweep/sweepPlan';
import type { ExploreFormValues } from './exploreOptions';

/** Settings the form has no field for: they go to "More settings" as config text. */
const EXTRA_KEYS = ['t', 's', 'p', 'lr'];

/**
 * The form's values for a sweep that ran (from the API, or restored from storage): the Explore
 * view must not show a grid under settings it did not run with. Settings every configuration
 * shares are read from the first one; per-layer circuits from its first layer; the filter from
 * which edge sets were trained. `current` fills what a plan cannot say.
 */
export function planFormValues(plan: SweepPlan, current: ExploreFormValues): ExploreFormValues {
  const configs = plan.configs.flatMap((text) => {
    const parsed = parseConfigText(text);
    return parsed.ok ? [parsed.config] : [];
  });
  const networks = configs.filter((c) => c.model === 'resqunn');
  const first = networks[0] ?? configs[0];
  if (!first) return current;
  const layer = first.layers[0];
  const steps = first.epochs === 1 && first.trainSize % first.batchSize === 0;
  const extra = formatConfigText(first)
    .split(';')
    .filter((part) => EXTRA_KEYS.includes(part.split('=')[0]))
    .join(';');
  return {
    ...current,
    layers: first.layers.length,
    kernel: layer.kernel === 3 ? 3 : 2,
    family: layer.family,
    depth: layer.depth,
    shots: first.shots,
    tap: first.tap,
    semantics: first.semantics,
    budget: steps ? 'steps' : 'epochs',
    steps: steps ? first.trainSize / first.batchSize : current.steps,
    epochs: first.epochs,
    train: first.trainSize,
    test: first.testSize,
    batch: first.batchSize,
    seeds: plan.seeds.length,
    seed: plan.seeds[0] ?? current.seed,
    ...filterOf(networks, first.layers.length),
    references: configs.length > networks.length,
    extra,
  };
}

/** Which configurations were trained, as the form's filter. */
function filterOf(
  networks: readonly ExperimentConfig[],
  layers: number,
): Pick<ExploreFormValues, 'filter'> & Partial<Pick<ExploreFormValues, 'contains'>> {
  const possible = (layers * (layers + 1)) / 2;
  if (networks.length === 2 ** possible) return { filter: 'all' };
  const key = (e: { from: number; to: number }) => `${e.from}-${e.to}`;
  const shared = networks[0].edges.filter((e) =>
    networks.every((c) => c.edges.some((x) => key(x) === key(e))),
  );
  if (shared.length > 0 && networks.length === 2 ** (possible - shared.length)) {
    return { filter: 'contains', contains: formatEdgeList(shared) };
  }
  const full = (c: ExperimentConfig) => accessibilityReport(c).every((r) => r.access !== 'none');
  return { filter: networks.every(full) ? 'full' : 'partial' };
}
