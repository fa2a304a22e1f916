import { vi } from 'vitest';
import type { FaultKind } from '../../engine/protocol';
import type { StepMetrics } from '../../model/metrics';
import type { AutomationActions } from '../automation/automation';
import type { LabStore } from '../labStore';

/*
 * What the page's store tests share: a step that only counts, and the controller's actions as a
 * script's calls reach them.
 */

/** Step `step`'s metrics with nothing in them but the step (tests that count steps). */
export const countedStep = (step: number): StepMetrics => ({
  step,
  epoch: 1,
  loss: 1,
  batchAccuracy: 0,
  gradNorms: {},
  flowNorms: {},
  millis: 1,
});

/** Actions that record what they were asked; configure, as the controller's, sends the next tag. */
export function recordingActions(store: LabStore): AutomationActions {
  return {
    configure: vi.fn(() => {
      store.setState({ requestedTag: store.getState().requestedTag + 1 });
      return { ok: true as const };
    }),
    play: vi.fn(),
    pause: vi.fn(),
    step: vi.fn(),
    crashWorker: vi.fn(),
    injectFault: vi.fn<(kind: FaultKind) => void>(),
  };
}
