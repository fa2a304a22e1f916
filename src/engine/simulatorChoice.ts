import { createFusedCpuSimulator } from '../sim/cpu/simdKernelOp';
import { oneThread } from '../sim/cpu/simdKernel';
import { createFusedWebgpuSimulator } from '../sim/webgpu/webgpuKernelOp';
import type { QuanvSimulator } from '../sim/simulator';
import { createTfjsOpSimulator } from '../sim/tfjsOps/tfjsOpSimulator';

/**
 * The simulator for a tfjs backend. On `cpu` and `wasm` the tensors live in main memory and
 * the fused CPU kernel is 30–60× faster than the chain of tfjs ops. On `webgpu` the fused WebGPU
 * kernel runs the whole circuit in one dispatch (custom WGSL, float32-exact trig); circuits it does
 * not support (more than 9 qubits) fall back to the tfjs ops with precise trig
 * (`createTfjsOpSimulator({ preciseTrig: true })`, see src/sim/trig.ts). On `webgl` the tfjs
 * ops stay on the device.
 */
export function simulatorFor(backend: string, threads?: 1 | 2): QuanvSimulator {
  switch (backend) {
    case 'cpu':
    case 'wasm':
      // One thread where a measurement found it faster than two (backendFit.ts).
      return threads === 1 ? createFusedCpuSimulator(oneThread) : createFusedCpuSimulator();
    case 'webgpu':
      return createFusedWebgpuSimulator();
    default:
      return createTfjsOpSimulator();
  }
}
