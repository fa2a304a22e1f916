import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { gzipWasm } from './scripts/vite/gzipWasm.ts';
import { offlineApp } from './scripts/vite/offlineApp.ts';
import { refuseLongLinks } from './scripts/vite/refuseLongLinks.ts';

/*
 * Cross-origin isolation: with these two headers the page may share memory between threads
 * (SharedArrayBuffer), which the CPU kernel's second thread needs (src/sim/simdThreadsBrowser.ts).
 * A static host must send the same two headers with every file for two threads; without them
 * the app runs the kernel on one thread and says so in the backend panel.
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The app is static: a page, a Web Worker for all tensor work, and the MNIST binaries in public/data.
export default defineConfig({
  base: './',
  plugins: [react(), refuseLongLinks(), offlineApp(), gzipWasm()],
  worker: { format: 'es' },
  server: { host: 'localhost', port: 5173, headers: crossOriginIsolation },
  preview: { host: 'localhost', port: 4173, headers: crossOriginIsolation },
  build: { target: 'es2022', sourcemap: true },
});
