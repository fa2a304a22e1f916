import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createThrottledView } from './labView';

describe('createThrottledView', () => {
  it('passes the first change at once and coalesces the rest into one later update', () => {
    const source = createStore(() => ({ n: 0 }));
    const timers: (() => void)[] = [];
    const view = createThrottledView(source, 100, (run) => timers.push(run));
    const seen: number[] = [];
    view.subscribe((s) => seen.push(s.n));
    source.setState({ n: 1 });
    source.setState({ n: 2 });
    source.setState({ n: 3 });
    expect(seen).toEqual([1]);
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(seen).toEqual([1, 3]);
    expect(view.getState().n).toBe(3);
  });
});
