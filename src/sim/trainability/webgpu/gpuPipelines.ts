/// <reference types="@webgpu/types" />
/*
 * The sampler's compute pipelines and their bind-group layouts, made once per device and shape
 * (state size, samples per chunk, workgroups per sample: the constants baked into the WGSL), so
 * a study's cases at one n compile their shaders once.
 */
import { adjointWgsl, type ModuleName } from './adjointWgsl';
import { RECORD_BYTES, type Entry } from './gpuSteps';

export interface GpuPipelines {
  readonly layouts: Record<ModuleName, GPUBindGroupLayout>;
  readonly entries: Record<Entry | 'load' | 'costs' | 'reduce', GPUComputePipeline>;
}

type Binding = 'rw' | 'ro' | 'record';

/** Each module's bindings in order (adjointWgsl.ts). */
const BINDINGS: Record<ModuleName, readonly Binding[]> = {
  gates: ['rw', 'ro', 'ro', 'ro', 'record'],
  gradient: ['rw', 'rw', 'ro', 'ro', 'record', 'rw'],
  start: ['rw', 'rw', 'ro', 'ro', 'rw'],
  reduce: ['ro', 'rw'],
};

const ENTRIES: Record<keyof GpuPipelines['entries'], ModuleName> = {
  rotate: 'gates',
  fixed: 'gates',
  diag: 'gates',
  cnot: 'gates',
  gradient: 'gradient',
  load: 'start',
  costs: 'start',
  reduce: 'reduce',
};

const cache = new WeakMap<GPUDevice, Map<string, GpuPipelines>>();

function layout(device: GPUDevice, bindings: readonly Binding[]): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    entries: bindings.map((kind, binding) => ({
      binding,
      visibility: 4 /* GPUShaderStage.COMPUTE */,
      buffer:
        kind === 'record'
          ? { type: 'uniform', hasDynamicOffset: true, minBindingSize: RECORD_BYTES }
          : { type: kind === 'rw' ? 'storage' : 'read-only-storage' },
    })),
  });
}

export function gpuPipelines(
  device: GPUDevice,
  dim: number,
  samples: number,
  groups: number,
): GpuPipelines {
  let forDevice = cache.get(device);
  if (!forDevice) cache.set(device, (forDevice = new Map()));
  const key = `${dim}:${samples}:${groups}`;
  const known = forDevice.get(key);
  if (known) return known;
  const names = Object.keys(BINDINGS) as ModuleName[];
  const layouts = Object.fromEntries(
    names.map((m) => [m, layout(device, BINDINGS[m])]),
  ) as GpuPipelines['layouts'];
  const modules = Object.fromEntries(
    names.map((m) => [
      m,
      device.createShaderModule({ code: adjointWgsl(m, dim, samples, groups) }),
    ]),
  ) as Record<ModuleName, GPUShaderModule>;
  const entries = Object.fromEntries(
    (Object.keys(ENTRIES) as (keyof GpuPipelines['entries'])[]).map((entry) => {
      const m = ENTRIES[entry];
      const pipeline = device.createComputePipeline({
        layout: device.createPipelineLayout({ bindGroupLayouts: [layouts[m]] }),
        compute: { module: modules[m], entryPoint: entry },
      });
      return [entry, pipeline];
    }),
  ) as GpuPipelines['entries'];
  const made = { layouts, entries };
  forDevice.set(key, made);
  return made;
}
