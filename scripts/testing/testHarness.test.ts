import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * `npm test` on a shared machine (issue 10 item 16): the browser tests start their own server on
 * a port that is free, never test a server they did not start, and write screenshots under
 * test-results/, leaving the tracked docs/*.png to `npm run screenshots`.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));

const listen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, 'localhost', () => server.close(() => resolve(true)));
  });

describe('the browser tests’ server', () => {
  it('is started by the tests on a free port, and never reused', async () => {
    delete process.env.RESQUNN_E2E_PORT;
    const config = (await import('../../playwright.config')).default;
    const server = Array.isArray(config.webServer) ? config.webServer[0] : config.webServer;
    expect(server?.reuseExistingServer).toBe(false);
    const port = Number(new URL(String(config.use?.baseURL)).port);
    expect(port).toBeGreaterThan(1024);
    expect(String(process.env.RESQUNN_E2E_PORT)).toBe(String(port));
    // The chosen port is free now, and the server is told to take exactly it (or fail).
    expect(await listen(port)).toBe(true);
    expect(server?.command).toContain(`--port ${port} --strictPort`);
  });
});

describe('screenshots taken by the browser tests', () => {
  it('go under test-results/ (screenshotPath), and to docs/ only by npm run screenshots', () => {
    const specs = readdirSync(`${root}e2e`).filter((f) => f.endsWith('.spec.ts'));
    expect(specs.length).toBeGreaterThan(5);
    for (const spec of specs) {
      const text = readFileSync(`${root}e2e/${spec}`, 'utf8');
      for (const call of text.matchAll(/screenshot\(\{\s*path:\s*([^,}]+)/g)) {
        // Never a literal docs/ path: screenshotPath, a path under test-results/, or one the
        // person running the test names in the environment.
        expect(call[1], spec).toMatch(/^(screenshotPath\(|['`]test-results\/|process\.env\.)/);
      }
    }
    const helpers = readFileSync(`${root}e2e/labHelpers.ts`, 'utf8');
    expect(helpers).toMatch(/RESQUNN_SCREENSHOTS_DIR \?\? 'test-results\/screenshots'/);
    const script = readFileSync(`${root}scripts/screenshots.mjs`, 'utf8');
    expect(script).toContain("RESQUNN_SCREENSHOTS_DIR: 'docs'");
  });
});
