import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../engine/checkpoint';
import { crashResume } from './crashResume';
import { applyEngineEvent, createLabStore } from './labStore';
import { countedStep } from './testing/labFixtures';

const metric = countedStep;

/** A page whose run 4 of `config` has `steps` steps and is in `state`. */
function page(steps: number, state: 'training' | 'paused' | 'error' = 'training') {
  const lab = createLabStore();
  lab.setState({ requestedTag: 2, answeredTag: 2 });
  applyEngineEvent(lab, {
    type: 'run',
    runId: 4,
    config: 'n=1;k=2',
    stepsPerEpoch: 5,
    totalSteps: 50,
  });
  applyEngineEvent(lab, { type: 'state', state, runId: 4 });
  const list = Array.from({ length: steps }, (_, i) => metric(i + 1));
  applyEngineEvent(lab, { type: 'metrics', runId: 4, steps: list, epochs: [] });
  return lab;
}

function unanswered() {
  const lab = page(5);
  lab.setState({ requestedTag: 3 });
  return lab;
}

describe('what the page does when its worker dies', () => {
  it('continues a training run from its last step, and the notice says so', () => {
    const plan = crashResume(page(82).getState(), 'n=1;k=2', 'boom', false, null);
    expect(plan.kind).toBe('resume');
    if (plan.kind !== 'resume') return;
    expect(plan.pending.point).toEqual({ runId: 4, step: 82, play: true });
    expect(plan.notice).toBe(
      'The training worker crashed at step 82 (boom); a new one is replaying the run to step 82…',
    );
    expect(plan.pending.doneText('training')).toBe(
      'The training worker crashed at step 82 (boom); a new one replayed to step 82 and training continues.',
    );
  });

  it('keeps the intent to train when the new worker dies while replaying', () => {
    const lab = page(30);
    const first = crashResume(lab.getState(), 'n=1;k=2', 'x', true, null);
    if (first.kind !== 'resume') throw new Error('expected a resume');
    applyEngineEvent(lab, { type: 'state', state: 'loading', runId: 4 });
    const again = crashResume(lab.getState(), 'n=1;k=2', 'y', true, {
      ...first.pending,
      noticeAt: 1,
    });
    expect(again.kind === 'resume' && again.pending.point.play).toBe(true);
    expect(again.notice).toContain('stopped at step 30');
  });

  it("replays from the run's latest checkpoint, and says so; one of another configuration is not used", () => {
    const lab = page(82);
    const checkpoint = (config: string, step: number) =>
      ({ config, step }) as unknown as Checkpoint; // the page only reads these two fields
    applyEngineEvent(lab, { type: 'checkpoint', runId: 4, checkpoint: checkpoint('n=1;k=2', 50) });
    const plan = crashResume(lab.getState(), 'n=1;k=2', 'boom', false, null);
    if (plan.kind !== 'resume') throw new Error('expected a resume');
    expect(plan.pending.point.checkpoint?.step).toBe(50);
    expect(plan.pending.doneText('paused')).toBe(
      "The training worker crashed at step 82 (boom); a new one replayed to step 82 from the run's checkpoint at step 50; the run waits, paused, there.",
    );

    applyEngineEvent(lab, { type: 'checkpoint', runId: 4, checkpoint: checkpoint('n=2;k=2', 60) });
    const other = crashResume(lab.getState(), 'n=1;k=2', 'boom', false, null);
    expect(other.kind).toBe('resume');
    expect(other.kind === 'resume' && other.pending.point.checkpoint).toBeUndefined();
    expect(other.notice).not.toContain('checkpoint');
  });

  it.each([
    ['no step yet', page(0), 'n=1;k=2'],
    ['a newer configuration on its way', page(5), 'n=2;k=2,2'],
    ['a run stopped by an error', page(5, 'error'), 'n=1;k=2'],
    ['a configure the engine has not answered', unanswered(), 'n=1;k=2'],
  ])('starts afresh with %s', (_, lab, text) => {
    expect(crashResume(lab.getState(), text, 'boom', false, null).kind).toBe('restart');
  });
});
