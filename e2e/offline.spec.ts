import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForReady } from './labHelpers';

/*
 * A static deploy (README, "Deploy to a static host"): dist/ served under a sub-path by a plain
 * file server that sends no COOP/COEP headers. The service worker must give the page
 * cross-origin isolation (two kernel threads) after its one reload, and after that one visit the
 * app, a training run and an Explore sweep must work with the network off.
 */

const DIST = join(process.cwd(), 'dist');
const PREFIX = '/lab/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
};

let server: Server;
let origin: string;

test.beforeAll(async () => {
  expect(existsSync(join(DIST, 'sw.js')), 'dist/ is built by the test server command').toBe(true);
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(PREFIX)) {
      response.writeHead(404).end();
      return;
    }
    let file = normalize(join(DIST, path.slice(PREFIX.length)));
    if (!file.startsWith(DIST)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a static host without isolation headers: two kernel threads, then everything offline', async ({
  browser,
}) => {
  const context = await browser.newContext();
  await context.addInitScript(() => localStorage.setItem('resqunn-service-worker', 'on'));
  const page = await context.newPage();
  const config = 'n=2;k=2,2;e=1-2;train=32;test=16;b=8';
  const url = `${origin}${PREFIX}?backend=wasm&c=${encodeURIComponent(config)}`;

  const headers = (await page.goto(url))?.headers() ?? {};
  expect(headers['cross-origin-embedder-policy']).toBeUndefined();
  // The service worker installs, takes the page, and the page reloads once, isolated.
  await expect
    .poll(() => page.evaluate(() => window.crossOriginIsolated).catch(() => false), {
      timeout: 120_000,
    })
    .toBe(true);
  await waitForReady(page);
  await expect(page.getByTestId('cpu-kernel')).toHaveText(/WebAssembly SIMD, 2 threads/);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await waitForReady(page);
  const run = await page.evaluate(() => window.resqunnLab.step(2));
  expect(run?.steps).toHaveLength(2);
  for (const s of run!.steps) expect(Number.isFinite(s.loss)).toBe(true);

  // Explore's sweep workers load from the cache too.
  await page.getByRole('tab', { name: 'Explore' }).click();
  const rows = await page.evaluate(() =>
    window.resqunnLab.sweep({ layers: 1, seeds: 1, steps: 2, batch: 8, test: 16 }),
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.testAccuracy.values).toHaveLength(1);
    expect(Number.isFinite(r.testAccuracy.values[0])).toBe(true);
  }
  await page.screenshot({ path: 'test-results/offline-explore.png', fullPage: true });
  await context.close();
});
