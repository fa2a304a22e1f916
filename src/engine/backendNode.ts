import type { BackendName, BackendRegistrar } from './backend';

/**
 * Node has no WebGPU adapter (Dawn for Node finds none on our machines) and no WebGL; it has
 * tfjs's `cpu` backend and the wasm backend, whose binaries load from node_modules.
 */
export const registerNodeBackend: BackendRegistrar = async (name: BackendName) => {
  switch (name) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return null;
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      return null;
    case 'webgl':
      return 'WebGL needs a browser';
    case 'webgpu':
      return 'WebGPU needs a browser';
  }
};
