import { describe, expect, it } from 'vitest';
import { ROUTE_KEY, routeLineStyle, routeWords } from './routeWords';

describe('route names in words', () => {
  it('say what each kind of route is, by the nodes it joins', () => {
    expect(routeWords('c:1', 2)).toBe('chain: back through Q1’s encoding to X');
    expect(routeWords('c:2', 2)).toBe('chain: back through Q2’s encoding to Q1');
    expect(routeWords('1-2', 2)).toBe('residual edge: Q1 → ⊕ after Q2');
    expect(routeWords('0-1', 2)).toBe('residual edge: X → ⊕ after Q1');
    expect(routeWords('c:H', 3)).toBe('head link: from H back to Q3');
    for (const name of ['c:b', 'a-b', 'c:H']) expect(ROUTE_KEY).toContain(name);
  });

  it('give the three kinds three different line styles', () => {
    const styles = ['1-2', 'c:1', 'c:H'].map((id) => JSON.stringify(routeLineStyle(id as 'c:H')));
    expect(new Set(styles).size).toBe(3);
    // An edge is wider than the head link drawn over it, so both show where they coincide.
    expect(routeLineStyle('1-2').width).toBeGreaterThan(routeLineStyle('c:H').width);
  });
});
