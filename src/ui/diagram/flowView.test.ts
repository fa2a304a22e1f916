import { describe, expect, it } from 'vitest';
import { routeSourceNode } from '../../model/accessibility/routes';
import { describeFlow, flowLook, flowPosition } from './flowView';

describe('flowLook', () => {
  it('draws exactly 0 as no flow and a missing number as nothing', () => {
    expect(flowLook(0)).toEqual({ kind: 'none' });
    expect(flowLook(undefined)).toBeNull();
    expect(flowLook(Number.NaN)).toBeNull();
  });

  it('grows with the norm on a log scale, clamped at both ends', () => {
    const widths = [1e-20, 1e-8, 1e-5, 1e-2, 10, 1e6].map((v) => {
      const look = flowLook(v);
      return look?.kind === 'flow' ? look.width : -1;
    });
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThanOrEqual(widths[i - 1]);
    expect(widths[0]).toBe(widths[1]);
    expect(widths[4]).toBe(widths[5]);
    // Equal ratios, equal steps: 10⁻⁸ → 10⁻⁵ and 10⁻⁵ → 10⁻² are both three decades.
    expect(widths[3] - widths[2]).toBeCloseTo(widths[2] - widths[1], 9);
    expect(flowPosition(1e-8)).toBe(0);
    expect(flowPosition(10)).toBe(1);
  });
});

describe('routes in words', () => {
  it('names where each route hands its gradient back to', () => {
    expect(routeSourceNode('c:1', 2)).toBe(0);
    expect(routeSourceNode('c:2', 2)).toBe(1);
    expect(routeSourceNode('c:H', 2)).toBe(2);
    expect(routeSourceNode('0-2', 2)).toBe(0);
    expect(describeFlow('c:2', 0, 2)).toBe(
      'Chain link c:2, from Q2’s encoding back to h1: no flow (exactly 0)',
    );
    expect(describeFlow('1-2', 0.25, 2)).toContain('gradient flow 0.25');
    expect(describeFlow('c:H', undefined, 3)).toBe(
      'Head link c:H, from H back to h3: not measured yet',
    );
  });
});
