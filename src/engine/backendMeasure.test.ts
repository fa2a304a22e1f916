import { describe, expect, it } from 'vitest';
import { validateConfigText } from './configEntry';
import type { BackendChoice } from './backend';
import { backendFitter, type FitHost } from './backendFit';
import {
  fastestOption,
  measureOptions,
  optionLabel,
  sizeClass,
  type BackendMeasurement,
  type BackendOption,
} from './backendMeasure';

function config(text: string) {
  const checked = validateConfigText(text);
  if (!checked.ok) throw new Error(checked.message);
  return checked.config;
}

const wasm2: BackendOption = { backend: 'wasm', threads: 2 };
const wasm1: BackendOption = { backend: 'wasm', threads: 1 };
const gpu: BackendOption = { backend: 'webgpu' };
const cpu: BackendOption = { backend: 'cpu', threads: 1 };

describe('sizeClass', () => {
  it('changes with qubits per layer, layer count, depth class and shots, not with the rest', () => {
    const base = sizeClass(config('n=2;k=2,2;d=3,3'));
    expect(base).toBe('q4,4;n2;L3-4');
    expect(sizeClass(config('n=2;k=2,2;d=3,3;e=1-2;lr=0.1;train=100;seed=9'))).toBe(base);
    expect(sizeClass(config('n=2;k=2,2;d=4,3'))).toBe(base);
    expect(sizeClass(config('n=2;k=3,2;d=3,3'))).not.toBe(base);
    expect(sizeClass(config('n=3;k=2,2,2;d=3,3,3'))).not.toBe(base);
    expect(sizeClass(config('n=2;k=2,2;d=2,2'))).toBe('q4,4;n2;L1-2');
    expect(sizeClass(config('n=2;k=2,2;d=3,3;shots=100'))).toBe('q4,4;n2;L3-4;shots');
  });
});

describe('fastestOption', () => {
  it('takes the least time, skips the unmeasured, keeps the first of equals', () => {
    expect(
      fastestOption([
        { option: gpu, ms: null, note: 'skipped: no adapter' },
        { option: wasm2, ms: 4.1 },
        { option: wasm1, ms: 3.9 },
      ]),
    ).toEqual(wasm1);
    expect(
      fastestOption([
        { option: wasm2, ms: 2 },
        { option: wasm1, ms: 2 },
      ]),
    ).toEqual(wasm2);
    expect(fastestOption([{ option: gpu, ms: null }])).toBeNull();
    expect(optionLabel(wasm2)).toBe('wasm, 2 threads');
    expect(optionLabel(gpu)).toBe('webgpu');
  });

  it('measureOptions skips an option that fails to start or to step, with its reason', async () => {
    const { timings, chosen } = await measureOptions(
      [gpu, wasm2, wasm1],
      async (o) => {
        if (o.backend === 'webgpu') throw new Error('WebGPU needs a browser');
      },
      async (o) => {
        if (o.threads === 2) throw new Error('the second thread died');
        return 5;
      },
    );
    expect(timings.map((t) => [optionLabel(t.option), t.ms, t.note])).toEqual([
      ['webgpu', null, 'skipped: WebGPU needs a browser'],
      ['wasm, 2 threads', null, 'skipped: the second thread died'],
      ['wasm, 1 thread', 5, undefined],
    ]);
    expect(chosen).toEqual(wasm1);
  });
});

/** A host whose step times are a table, counting what it timed and switched to. */
function fakeHost(ms: Map<string, number>, memory = new Map<string, BackendMeasurement>()) {
  const timed: string[] = [];
  const active: string[] = [];
  const host: FitHost = {
    candidates: async () => [gpu, wasm2, wasm1],
    lastResort: [cpu],
    activate: async (o) => {
      if (!ms.has(optionLabel(o))) throw new Error(`${o.backend} does not start here`);
      active.push(optionLabel(o));
      return { name: o.backend, fallbacks: [], detail: '' } satisfies BackendChoice;
    },
    timeStep: async (_, o) => {
      timed.push(optionLabel(o));
      return ms.get(optionLabel(o)) ?? Infinity;
    },
    memory,
  };
  return { host, timed, active, memory };
}

describe('backendFitter', () => {
  const basic = config('n=2;k=2,2;d=3,3');

  it('measures a new size class once, switches to the fastest and remembers it', async () => {
    const times = new Map([
      ['webgpu', 40],
      ['wasm, 2 threads', 5],
      ['wasm, 1 thread', 7],
    ]);
    const { host, timed, active, memory } = fakeHost(times);
    const fit = backendFitter(host);
    const first = await fit(basic, []);
    expect(first?.name).toBe('wasm');
    expect(first?.measured?.chosen).toEqual(wasm2);
    expect(first?.measured?.remembered).toBe(false);
    expect(first?.measured?.tookMs).toBeGreaterThanOrEqual(0);
    expect(first?.measured?.timings.map((t) => t.ms)).toEqual([40, 5, 7]);
    expect(timed).toEqual(['webgpu', 'wasm, 2 threads', 'wasm, 1 thread']);
    expect(active.at(-1)).toBe('wasm, 2 threads');
    expect(memory.get('q4,4;n2;L3-4')?.chosen).toEqual(wasm2);

    // The same class again (another seed, an edge): the remembered choice, nothing timed.
    const again = await fit(config('n=2;k=2,2;d=3,3;e=1-2;seed=4'), []);
    expect(timed).toHaveLength(3);
    expect(again?.measured?.remembered).toBe(true);
    expect(again?.measured?.timings).toEqual(first?.measured?.timings);
    // Another class: measured anew.
    await fit(config('n=2;k=3,3;d=3,3'), []);
    expect(timed).toHaveLength(6);
  });

  it("starts from the page's memory without timing, unless that backend is excluded", async () => {
    const times = new Map([
      ['webgpu', 2],
      ['wasm, 2 threads', 5],
      ['wasm, 1 thread', 7],
    ]);
    const earlier: BackendMeasurement = {
      sizeClass: 'q4,4;n2;L3-4',
      timings: [{ option: wasm1, ms: 3 }],
      chosen: wasm1,
      tookMs: 80,
      remembered: false,
    };
    const { host, timed } = fakeHost(times, new Map([[earlier.sizeClass, earlier]]));
    const fit = backendFitter(host);
    expect((await fit(basic, []))?.measured).toEqual({ ...earlier, remembered: true });
    expect(timed).toEqual([]);
    // After the engine saw wasm fail, wasm is neither used nor timed: webgpu is measured alone.
    const after = await fit(basic, ['wasm']);
    expect(timed).toEqual(['webgpu']);
    expect(after?.name).toBe('webgpu');
  });

  it('times tfjs cpu only when nothing else ran; null when nothing runs at all', async () => {
    const { host, timed } = fakeHost(new Map([['cpu, 1 thread', 50]]));
    const fit = backendFitter(host);
    const choice = await fit(basic, []);
    expect(choice?.name).toBe('cpu');
    expect(choice?.measured?.timings.map((t) => t.ms)).toEqual([null, null, null, 50]);
    expect(choice?.measured?.timings[0].note).toMatch(/webgpu does not start here/);
    expect(timed).toEqual(['cpu, 1 thread']);
    expect(await backendFitter(fakeHost(new Map()).host)(basic, [])).toBeNull();
  });
});
