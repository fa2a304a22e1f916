import type { LayerId } from './metrics';
import type { ResQuNN } from './network';
import type { RouteId } from './accessibility/routes';

/** The numbers one step reads back from the device: one small download, nothing else. */
export interface StepReadout {
  readonly loss: number;
  readonly batchAccuracy: number;
  readonly gradNorms: Partial<Record<LayerId, number>>;
  /** ‖cotangent‖₂ each route hands back to its source (routes.ts). */
  readonly flowNorms: Partial<Record<RouteId, number>>;
  /** With shots: per trainable quanv layer, the expected norm of its gradient's shot noise. */
  readonly shotNoise?: Partial<Record<LayerId, number>>;
}

/** The layers of a model whose gradient norms are tracked, in chain order: Q1 … Qn, H. */
export function trackedLayers(model: ResQuNN): LayerId[] {
  const quantum = model.quanv.flatMap((q, i) => (q.trainable ? [`Q${i + 1}` as LayerId] : []));
  return [...quantum, 'H'];
}
