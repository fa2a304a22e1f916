/*
 * Installable and offline (README, "Deploy to a static host"): this plugin writes, at build time,
 * the service worker (serviceWorker.js with the list of files to precache and a version) and the
 * web app manifest. What is precached: every file of the build but source maps and the tfjs
 * wasm binaries and their gzipped copies (a browser fetches only the one its backend needs, and
 * the worker caches it then), plus the gzipped data. Dev servers get no service worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { fnv1a32Text } from '../../src/util/fnv1a.ts';
import { TFJS_WASM } from './gzipWasm.ts';

const SOURCE = new URL('./serviceWorker.js', import.meta.url);

const MANIFEST = {
  name: 'ResQuNN Lab',
  short_name: 'ResQuNN',
  description: 'Residual quanvolutional neural networks, trained live in your browser.',
  start_url: './',
  scope: './',
  display: 'standalone',
  background_color: '#ffffff',
  theme_color: '#1f4e8c',
  icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
};

/** Files of the build the service worker precaches (paths relative to the app's folder). */
export function precacheList(bundleFiles: readonly string[], dataFiles: readonly string[]) {
  const app = bundleFiles.filter(
    (f) => !f.endsWith('.map') && !TFJS_WASM.test(f.replace(/\.gz$/, '')),
  );
  const data = dataFiles
    .filter((f) => f.endsWith('.gz') || f === 'manifest.json')
    .map((f) => `data/${f}`);
  return [
    './',
    ...app.filter((f) => f !== 'index.html'),
    ...data,
    'favicon.svg',
    'manifest.webmanifest',
  ];
}

export function offlineApp(publicDir = 'public'): Plugin {
  return {
    name: 'resqunn-offline-app',
    apply: 'build',
    generateBundle(_options, bundle) {
      const dataDir = join(publicDir, 'data');
      const dataFiles = readdirSync(dataDir);
      const list = precacheList(Object.keys(bundle), dataFiles);
      // The version changes with any file: hashed names for the code, the data's own manifest.
      const version = fnv1a32Text(
        list.join('\n') + readFileSync(join(dataDir, 'manifest.json'), 'utf8'),
      );
      const worker =
        `const VERSION = ${JSON.stringify(version)};\n` +
        `const PRECACHE = ${JSON.stringify(list)};\n` +
        readFileSync(SOURCE, 'utf8');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: worker });
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.webmanifest',
        source: `${JSON.stringify(MANIFEST, null, 2)}\n`,
      });
    },
  };
}
