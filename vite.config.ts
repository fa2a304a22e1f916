import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { refuseLongLinks } from './scripts/vite/refuseLongLinks';

// The app is static: a page, a Web Worker for all tensor work, and the MNIST binaries in public/data.
export default defineConfig({
  base: './',
  plugins: [react(), refuseLongLinks()],
  worker: { format: 'es' },
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, sourcemap: true },
});
