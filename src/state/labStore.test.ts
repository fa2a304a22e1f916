import { describe, expect, it } from 'vitest';
import { addNotice, applyEngineEvent, createLabStore } from './labStore';

describe('lab store notices', () => {
  it('drops a "Configuration refused" notice once a configuration is accepted, keeping the others', () => {
    const lab = createLabStore();
    addNotice(lab, 'invalid-config', 'lr must be at most 1.');
    addNotice(lab, 'backend', 'Switched to cpu.');
    applyEngineEvent(lab, {
      type: 'run',
      runId: 2,
      config: 'n=2;k=2,2',
      stepsPerEpoch: 4,
      totalSteps: 8,
    });
    expect(lab.getState().notices.map((n) => n.kind)).toEqual(['backend']);
  });
});
