import { describe, expect, it } from 'vitest';
import { DEFAULT_PACE, paceLabel, readPace, searchWithPace } from './pace';

describe('the teaching pace in the address', () => {
  it('reads a number of steps a second, max, or the default', () => {
    expect(readPace('?pace=5&c=n=1')).toBe(5);
    expect(readPace('?pace=max')).toBeNull();
    expect(readPace('?c=n=1')).toBe(DEFAULT_PACE);
    expect(readPace('?pace=0')).toBe(DEFAULT_PACE);
    expect(readPace('?pace=2.5')).toBe(DEFAULT_PACE);
  });

  it('writes it before the code, and leaves the default out', () => {
    expect(searchWithPace('?view=explore&c=n=1', 5)).toBe('?view=explore&pace=5&c=n=1');
    expect(searchWithPace('?pace=5&c=n=1', null)).toBe('?pace=max&c=n=1');
    expect(searchWithPace('?pace=5&c=n=1', DEFAULT_PACE)).toBe('?c=n=1');
  });

  it('says a pace in words', () => {
    expect(paceLabel(10)).toBe('10 steps/s');
    expect(paceLabel(null)).toBe('as fast as possible');
  });
});
