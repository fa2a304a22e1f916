import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/testing/chromium';
// Node-side specs load src/sim/tf.ts, whose tfjs-core imports need this hook (see the file).
import './scripts/runtime/tfjsCoreLoader.mjs';

/*
 * Browser tests run against the production build served from http://localhost (WebGPU needs a
 * secure context, and localhost is one), on a free port chosen once per `playwright test`: a
 * fixed port with a reused server could test another program's server on a shared machine.
 * Playwright evaluates this file in the runner and again in each worker, so the port travels in
 * the environment the workers inherit.
 */
function freePort(): number {
  const script =
    "const s=require('net').createServer();s.listen(0,'localhost',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
process.env.RESQUNN_E2E_PORT ??= String(freePort());
const port = Number(process.env.RESQUNN_E2E_PORT);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node scripts/prepare.mjs && npx vite build --logLevel warn && npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: false,
    timeout: 240_000,
  },
});
