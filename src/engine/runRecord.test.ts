import { describe, expect, it } from 'vitest';
import { RunRecorder } from './runRecord';

const run = (runId: number) =>
  ({ type: 'run', runId, config: 'n=1;k=2', stepsPerEpoch: 4, totalSteps: 8 }) as const;

describe('the run recorder', () => {
  it('leaves no abandoned run in state training once a new run starts', () => {
    const recorder = new RunRecorder();
    recorder.apply(run(1));
    recorder.apply({ type: 'state', state: 'training', runId: 1 });
    recorder.apply(run(2));
    recorder.apply({ type: 'state', state: 'training', runId: 2 });
    expect(recorder.runs.get(1)?.state).toBe('paused');
    expect(recorder.runs.get(2)?.state).toBe('training');
  });

  it('keeps the state of runs that ended on their own', () => {
    const recorder = new RunRecorder();
    recorder.apply(run(1));
    recorder.apply({ type: 'state', state: 'done', runId: 1 });
    recorder.apply(run(2));
    expect(recorder.runs.get(1)?.state).toBe('done');
  });
});
