/*
 * What one training step and one epoch report (docs/model.md §5). Plain data: it crosses the worker
 * boundary by structured clone and is written as JSON by the CLI and `window.resqunnLab`.
 */

import type { RouteId } from './accessibility/routes';

/** `Q1 … Qn` and `H`, the layers whose parameter-gradient norms are tracked. */
export type LayerId = `Q${number}` | 'H';

export interface StepMetrics {
  /** 1-based, counted across epochs. */
  readonly step: number;
  /** 1-based epoch this step belongs to. */
  readonly epoch: number;
  readonly loss: number;
  readonly batchAccuracy: number;
  /**
   * L2 norm of ∂loss/∂θ per layer. A frozen layer (no parameters) is absent; a norm below
   * NO_GRADIENT counts as "no gradient".
   */
  readonly gradNorms: Readonly<Partial<Record<LayerId, number>>>;
  /**
   * L2 norm of the cotangent each route (`a-b`, `c:b`, `c:H`; routes.ts) hands back to its source.
   * Exactly 0 where nothing flows (every `c:b` under `measured`). Absent from runs recorded before
   * routes were measured.
   */
  readonly flowNorms?: Readonly<Partial<Record<RouteId, number>>>;
  /**
   * With finite shots (docs/model.md §6), per trainable quanv layer: the expected norm of the shot noise in
   * its gradient estimate, i.e. the spread of the estimate of a gradient that is exactly zero (the
   * chart's noise floor). Absent without shots.
   */
  readonly shotNoise?: Readonly<Partial<Record<LayerId, number>>>;
  /** Wall time of the step in milliseconds, read-back included. */
  readonly millis: number;
}

export interface EpochMetrics {
  readonly epoch: number;
  /** The step that closed this epoch. */
  readonly step: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly trainLoss: number;
  readonly testLoss: number;
}

/** docs/model.md §5: a norm below this counts as "no gradient" and is drawn as such. */
export const NO_GRADIENT = 1e-12;

export function hasGradient(norm: number | undefined): boolean {
  return norm !== undefined && norm >= NO_GRADIENT;
}
