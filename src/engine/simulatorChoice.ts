import { createFusedCpuSimulator } from '../sim/fusedCpu';
import type { QuanvSimulator } from '../sim/simulator';
import { createStatevectorSimulator } from '../sim/statevector';

/**
 * The simulator for a tfjs backend. On `cpu` and `wasm` the tensors live in main memory and
 * the fused CPU kernel is 30–60× faster than the chain of tfjs ops; on `webgpu` and `webgl` the
 * ops stay on the device (WebGPU with float32-exact trig, see src/sim/trig.ts).
 */
export function simulatorFor(backend: string): QuanvSimulator {
  switch (backend) {
    case 'cpu':
    case 'wasm':
      return createFusedCpuSimulator();
    case 'webgpu':
      return createStatevectorSimulator({ preciseTrig: true });
    default:
      return createStatevectorSimulator();
  }
}
