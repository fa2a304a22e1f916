import { describe, expect, it } from 'vitest';
import type { BackendMeasurement } from '../../engine/backendMeasure';
import type { EngineEvent } from '../../engine/protocol';
import { readBackendMemory, rememberMeasurement } from './backendMemory';

/** A Storage over a Map. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

const measured: BackendMeasurement = {
  sizeClass: 'q4,4;n2;L3-4',
  timings: [
    { option: { backend: 'wasm', threads: 2 }, ms: 4 },
    { option: { backend: 'webgpu' }, ms: null, note: 'skipped: no adapter' },
  ],
  chosen: { backend: 'wasm', threads: 2 },
  tookMs: 120,
  remembered: false,
};

const backendEvent = (m: BackendMeasurement): EngineEvent => ({
  type: 'backend',
  choice: { name: 'wasm', fallbacks: [], detail: '', measured: m },
});

describe('backend memory', () => {
  it('keeps a new measurement per size class and reads it back on the next visit', () => {
    const store = memoryStorage();
    expect(readBackendMemory(store)).toEqual({});
    rememberMeasurement(backendEvent(measured), store);
    const other = { ...measured, sizeClass: 'q9;n1;L1-2', chosen: { backend: 'webgpu' as const } };
    rememberMeasurement(backendEvent(other), store);
    expect(readBackendMemory(store)).toEqual({
      [measured.sizeClass]: measured,
      [other.sizeClass]: other,
    });
  });

  it('does not store a remembered choice again, nor other events', () => {
    const store = memoryStorage();
    rememberMeasurement(backendEvent({ ...measured, remembered: true }), store);
    rememberMeasurement({ type: 'state', state: 'paused', runId: 1 }, store);
    expect(store.length).toBe(0);
  });

  it('reads unreadable or foreign storage as nothing remembered', () => {
    const store = memoryStorage();
    store.setItem('resqunn-backend-measurements', '{not json');
    expect(readBackendMemory(store)).toEqual({});
    store.setItem(
      'resqunn-backend-measurements',
      JSON.stringify({ a: { sizeClass: 'a', timings: [], tookMs: 1, chosen: { backend: 'tpu' } } }),
    );
    expect(readBackendMemory(store)).toEqual({});
    expect(readBackendMemory(null)).toEqual({});
  });
});
