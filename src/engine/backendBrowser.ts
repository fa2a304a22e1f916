import {
  isSoftwareRenderer,
  softwareGpuReason,
  type BackendName,
  type BackendRegistrar,
} from './backend';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { env } from '../sim/tf';
import { fetchGzipped } from '../data/loadFromUrl';

/**
 * Registers a backend inside the Web Worker. Backends load lazily, so a browser that never needs
 * wasm never downloads it; Vite bundles the wasm binaries as assets (no network at run time).
 */
export const registerBrowserBackend: BackendRegistrar = async (name: BackendName, options) => {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return null;
    case 'webgl':
      // tfjs's WebGL backend draws on an OffscreenCanvas when it runs in a worker.
      if (typeof OffscreenCanvas === 'undefined') {
        return 'WebGL in a worker needs OffscreenCanvas, which this browser lacks';
      }
      if (options.skipSoftwareGpu) {
        const renderer = webglRenderer();
        if (renderer && isSoftwareRenderer(renderer)) return softwareGpuReason(name, renderer);
      }
      await import('@tensorflow/tfjs-backend-webgl');
      return null;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // tfjs loads one of these (the flag is its own test); that one comes inflated from its
      // gzipped copy where the build has one (scripts/vite/gzipWasm.ts).
      const simd = (await env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': simd ? wasmPlain : await inflatedWasm(wasmPlain),
        'tfjs-backend-wasm-simd.wasm': simd ? await inflatedWasm(wasmSimd) : wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
      // A cross-origin isolated page (vite.config.ts) would make tfjs pick its threaded build,
      // whose pthread workers, started from blob: URLs, fail in the bundle ("e is not defined")
      // and crash the engine's worker. The quantum kernel has its own second thread
      // (src/sim/simdThreadsBrowser.ts); tfjs's ops stay on one.
      env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      return null;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return null;
  }
};

/** A blob: URL of the wasm binary at `url`, inflated from `url`.gz; `url` where there is none. */
async function inflatedWasm(url: string): Promise<string> {
  const bytes = await fetchGzipped(url, (u) => fetch(u)).catch(() => null);
  return bytes
    ? URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/wasm' }),
      )
    : url;
}

/** The WebGL renderer's name (e.g. "ANGLE (…SwiftShader…)"), or null when it cannot be read. */
function webglRenderer(): string | null {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as unknown;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return typeof renderer === 'string' ? renderer : null;
}
