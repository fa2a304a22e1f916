import { describe, expect, it } from 'vitest';
import { precacheList } from './offlineApp';

describe('precacheList', () => {
  it('leaves out source maps and every tfjs wasm binary, plain or gzipped', () => {
    const list = precacheList(
      [
        'index.html',
        'assets/index-a.js',
        'assets/index-a.js.map',
        'assets/ExploreView-b.js',
        'assets/tfjs-backend-wasm-simd-c.wasm',
        'assets/tfjs-backend-wasm-simd-c.wasm.gz',
        'assets/simdKernel-d.wasm',
      ],
      ['mnist-test.bin', 'mnist-test.bin.gz', 'manifest.json'],
    );
    expect(list).toEqual([
      './',
      'assets/index-a.js',
      'assets/ExploreView-b.js',
      'assets/simdKernel-d.wasm',
      'data/mnist-test.bin.gz',
      'data/manifest.json',
      'favicon.svg',
      'manifest.webmanifest',
    ]);
  });
});
