/*
 * A gzipped copy (`….wasm.gz`) of each tfjs wasm binary the build writes: the training worker
 * fetches that and inflates it (src/engine/backendBrowser.ts), a third of the bytes on the wire,
 * where a static host (or `vite preview`) sends `.wasm` files uncompressed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export const TFJS_WASM = /tfjs-backend-wasm.*\.wasm$/;

export function gzipWasm(): Plugin {
  let outDir = 'dist';
  return {
    name: 'resqunn-gzip-wasm',
    apply: 'build',
    configResolved(config) {
      outDir = join(resolve(config.root, config.build.outDir), config.build.assetsDir);
    },
    // After writing: the worker bundles' assets are all on disk by then.
    writeBundle() {
      for (const file of readdirSync(outDir).filter((f) => TFJS_WASM.test(f))) {
        const path = join(outDir, file);
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
      }
    },
  };
}
