import { describe, expect, it } from 'vitest';
import { nodeStatus } from './nodeStatus';

describe('nodeStatus', () => {
  it('follows the prediction before any step', () => {
    expect(nodeStatus('none', undefined).liveness).toBe('dead');
    expect(nodeStatus('gradient', undefined).liveness).toBe('live');
    expect(nodeStatus('frozen', undefined).liveness).toBe('frozen');
  });

  it('follows the measurement once there is one, and flags disagreement', () => {
    expect(nodeStatus('gradient', 0)).toMatchObject({ liveness: 'dead', disagrees: true });
    expect(nodeStatus('none', 1e-3)).toMatchObject({ liveness: 'live', disagrees: true });
    expect(nodeStatus('gradient', 1e-3)).toMatchObject({ liveness: 'live', disagrees: false });
  });

  it('shows a bypassed layer as such', () => {
    expect(nodeStatus('gradient', 1, true).liveness).toBe('bypassed');
  });
});
