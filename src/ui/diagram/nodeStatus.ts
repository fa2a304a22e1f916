import { NO_GRADIENT } from '../../model/metrics';

/*
 * What a quanv node shows about its gradient: the static prediction from the graph and, once
 * steps have run, the latest observed norm. Observation wins over prediction: under `exact`
 * semantics, or with a bug, they can differ, and the diagram must show what really happened.
 */

export type Predicted = 'gradient' | 'none' | 'frozen';

export type Liveness =
  /** Trainable and getting gradient (observed, or predicted before any step). */
  | 'live'
  /** Trainable but getting no gradient: the paper's finding. */
  | 'dead'
  /** Not trained at all: a static layer. */
  | 'frozen'
  /** Not part of the model that runs (the classical-only benchmark). */
  | 'bypassed';

export interface NodeStatus {
  readonly liveness: Liveness;
  readonly predicted: Predicted;
  /** The latest observed norm; undefined before the first step or for a frozen layer. */
  readonly norm: number | undefined;
  /** Whether `liveness` comes from a measurement (true) or only from the prediction. */
  readonly observed: boolean;
  /** Prediction and measurement disagree (shown, never hidden). */
  readonly disagrees: boolean;
}

export function nodeStatus(
  predicted: Predicted,
  norm: number | undefined,
  bypassed = false,
): NodeStatus {
  if (bypassed) {
    return { liveness: 'bypassed', predicted, norm: undefined, observed: false, disagrees: false };
  }
  if (predicted === 'frozen') {
    return { liveness: 'frozen', predicted, norm: undefined, observed: false, disagrees: false };
  }
  if (norm === undefined || !Number.isFinite(norm)) {
    return {
      liveness: predicted === 'none' ? 'dead' : 'live',
      predicted,
      norm: undefined,
      observed: false,
      disagrees: false,
    };
  }
  const live = norm >= NO_GRADIENT;
  return {
    liveness: live ? 'live' : 'dead',
    predicted,
    norm,
    observed: true,
    disagrees: live !== (predicted === 'gradient'),
  };
}
