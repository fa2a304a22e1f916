import { describe, expect, it } from 'vitest';
import { possibleEdges } from '../../model/config/config';
import { connectionTargets } from './connectionTargets';

describe('connectionTargets', () => {
  it('offers only merge points that a connection from the source may reach', () => {
    for (let from = 0; from < 3; from++) {
      const targets = connectionTargets(3, from);
      expect(targets.length).toBeGreaterThan(0);
      for (const to of targets) expect(possibleEdges(3)).toContainEqual({ from, to });
    }
    expect(connectionTargets(3, 1)).not.toContain(1);
  });
});
