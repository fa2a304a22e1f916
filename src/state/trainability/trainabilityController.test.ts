import { describe, expect, it, vi } from 'vitest';
import type { TrainabilityCommand, TrainabilityEvent } from '../../engine/trainabilityProtocol';
import type { GpuReport } from '../../sim/trainability/webgpu/gpuDevice';
import {
  createTrainabilityController,
  PROBE_TIMEOUT_MS,
  readTrainabilityLink,
  type GpuProbeWorker,
  type TrainabilityWorker,
} from './trainabilityController';

function fakes(search = '') {
  const sent: TrainabilityCommand[] = [];
  const worker: TrainabilityWorker = {
    postMessage: (c) => sent.push(c),
    onmessage: null,
    terminate: () => undefined,
  };
  const address = {
    search,
    read: () => address.search,
    write: (s: string) => (address.search = s),
  };
  const emit = (e: TrainabilityEvent) =>
    worker.onmessage?.({ data: e } as MessageEvent<TrainabilityEvent>);
  const probes = { started: 0, asked: 0, ended: 0 };
  const probe: GpuProbeWorker = {
    postMessage: () => (probes.asked += 1),
    onmessage: null,
    terminate: () => (probes.ended += 1),
  };
  const createProbe = () => {
    probes.started += 1;
    return probe;
  };
  const answer = (report: GpuReport) =>
    probe.onmessage?.({ data: report } as MessageEvent<GpuReport>);
  return { sent, worker, address, emit, probes, createProbe, answer };
}

describe('the trainability controller', () => {
  it('refuses bad settings before any work, and keeps the link as it was', () => {
    const f = fakes('?c=n=2');
    const c = createTrainabilityController(() => f.worker, f.address, f.createProbe);
    expect(c.update({ samples: 0 })).toEqual([expect.stringContaining('K = 0 samples')]);
    expect(f.sent).toEqual([]);
    expect(f.address.search).toBe('?c=n=2');
  });

  it('writes the settings into the link, and a link restores them', () => {
    const f = fakes('?c=n=2');
    const c = createTrainabilityController(() => f.worker, f.address, f.createProbe);
    c.update({ circuit: 'cerezo', qubits: [2, 3, 4], costs: ['global', 'local'] });
    expect(f.address.search).toBe(
      '?c=n=2&trainability=c=cerezo;n=2-4;L=1,5,20;cost=global,local;K=200;init=uniform;seed=1',
    );
    const again = createTrainabilityController(() => f.worker, f.address, f.createProbe);
    expect(again.fromLink).toBe(true);
    expect(again.store.getState().settings).toEqual(c.store.getState().settings);
    expect(readTrainabilityLink('?trainability=c=mcclean;K=0')?.errors[0]).toContain(
      'K = 0 samples',
    );
  });

  it('fills the store from the worker’s events, ignoring a cancelled study’s', () => {
    const f = fakes();
    const c = createTrainabilityController(() => f.worker, f.address, f.createProbe);
    c.run();
    c.run();
    expect(f.sent.map((s) => s.type)).toEqual(['run', 'cancel', 'run']);
    f.emit({
      type: 'progress',
      id: 1,
      rows: [],
      fits: [],
      progress: 0.9,
      threads: 2,
      threadNote: '',
    });
    expect(c.store.getState().progress).toBe(0);
    f.emit({
      type: 'progress',
      id: 2,
      rows: [],
      fits: [],
      progress: 0.5,
      threads: 2,
      threadNote: '',
    });
    expect(c.store.getState().progress).toBe(0.5);
    c.cancel();
    expect(f.sent.at(-1)).toEqual({ type: 'cancel', id: 2 });
    f.emit({ type: 'cancelled', id: 2 });
    expect(c.store.getState().status).toBe('cancelled');
  });

  it('asks the worker once about WebGPU; its answer bounds n and decides the backend', () => {
    const f = fakes('?trainability=c=mcclean;n=2-4;backend=webgpu');
    const c = createTrainabilityController(() => f.worker, f.address, f.createProbe);
    expect(c.store.getState().settings.backend).toBe('webgpu');
    c.probeGpu();
    c.probeGpu();
    // one probe worker, asked once; the study's worker is not started for it
    expect(f.probes).toEqual({ started: 1, asked: 1, ended: 0 });
    expect(f.sent).toEqual([]);
    f.answer({ available: false, reason: 'WebGPU found no adapter' });
    expect(f.probes.ended).toBe(1);
    expect(c.store.getState().gpu).toEqual({ available: false, reason: 'WebGPU found no adapter' });
    // the link's WebGPU study cannot run here, and the view says so before any work
    expect(c.store.getState().errors).toEqual(["backend 'webgpu': WebGPU found no adapter"]);
    expect(c.update({ backend: 'cpu' })).toEqual([]);
    expect(f.address.search).toBe(
      '?trainability=c=mcclean;n=2-4;L=1,5,20;cost=projector;K=200;init=uniform;seed=1',
    );

    const g = fakes();
    const d = createTrainabilityController(() => g.worker, g.address, g.createProbe);
    d.probeGpu();
    const limits = { maxStorageBufferBindingSize: 2 ** 20, maxBufferSize: 2 ** 30 };
    g.answer({ available: true, description: 'test', limits });
    expect(d.update({ backend: 'webgpu', qubits: [18] })[0]).toContain('choose n ≤ 17');
    expect(d.update({ backend: 'webgpu', qubits: [17] })).toEqual([]);
    expect(g.address.search).toContain(';backend=webgpu');
    // the studies go to the same worker, and their events to the store
    d.run();
    expect(g.sent.map((x) => x.type)).toEqual(['run']);
    g.emit({ type: 'done', id: 1, seconds: 2 });
    expect(d.store.getState().status).toBe('done');
  });

  it('a probe that is never answered ends as no WebGPU, with why', () => {
    vi.useFakeTimers();
    try {
      const f = fakes();
      const c = createTrainabilityController(() => f.worker, f.address, f.createProbe);
      c.probeGpu();
      vi.advanceTimersByTime(PROBE_TIMEOUT_MS - 1);
      expect(c.store.getState().gpu).toBeNull();
      vi.advanceTimersByTime(1);
      const gpu = c.store.getState().gpu;
      expect(gpu?.available === false && gpu.reason).toContain('did not say within 20 s');
      expect(f.probes.ended).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
