import type { BackendName, BackendRegistrar } from './backend';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/**
 * Registers a backend inside the Web Worker. Backends load lazily, so a browser that never needs
 * wasm never downloads it; Vite bundles the wasm binaries as assets (no network at run time).
 */
export const registerBrowserBackend: BackendRegistrar = async (name: BackendName) => {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return null;
    case 'webgl':
      // tfjs's WebGL backend draws on an OffscreenCanvas when it runs in a worker.
      return typeof OffscreenCanvas === 'undefined'
        ? 'WebGL in a worker needs OffscreenCanvas, which this browser lacks'
        : null;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
      return null;
    }
    case 'cpu':
      return null;
  }
};
