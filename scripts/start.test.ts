import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * `npm start` as a new user runs it: the banner names the port actually served. Runs the real
 * script (in a checkout whose dependencies are installed it installs nothing), stops the server
 * once it answers.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./start.mjs', import.meta.url));

describe('npm start', () => {
  it('names the port given with --port in its banner and serves the app there, without warnings', async () => {
    const port = 5300 + Math.floor(Math.random() * 600);
    const child = spawn(process.execPath, [SCRIPT, '--port', String(port)], {
      cwd: ROOT,
      detached: true, // its own process group: the vite it starts is stopped with it
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    try {
      await expect
        .poll(() => output, { timeout: 60_000 })
        .toContain(`open http://localhost:${port} `);
      await expect
        .poll(
          () =>
            fetch(`http://localhost:${port}/favicon.svg`).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 60_000 },
        )
        .toBe(200);
      expect(output).not.toContain('5173');
      // Vite's warning about vite.config.ts importing a module without its extension.
      expect(output + errors).not.toContain('without a file extension');
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  });

  it('refuses a port that is not a number, with exit code 2', () => {
    const result = spawnSync(process.execPath, [SCRIPT, '--port', 'abc'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a number from 1 to 65535 (got "abc")');
  });

  it('on a taken port says so in one line and exits 1: no Vite stack trace, no banner', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, 'localhost', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, [SCRIPT, '--port', String(port)], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(
        `npm start: port ${port} is in use by another program; choose another: npm start -- --port ${port + 1}`,
      );
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toContain('error when starting dev server');
      expect(stdout).not.toContain('open http://localhost');
    } finally {
      taken.close();
    }
  });
});
