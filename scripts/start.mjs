// `npm start` for a new user: install what is missing, build the data, open the app.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) ||
  (existsSync('package-lock.json') &&
    statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log('Installing dependencies (first start only)…');
  run('npm', ['install', '--no-audit', '--no-fund']);
}
run(process.execPath, ['scripts/prepare.mjs']);

// `npm start -- --port 8080`: the banner names the port the server really listens on, so the
// server may not move to another one when it is taken (--strictPort); it says so instead.
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
const given = at < 0 ? undefined : args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
const port = given ?? '5173';
if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`npm start: --port must be a number from 1 to 65535 (got "${given}")`);
  process.exit(2);
}
const rest =
  at < 0 ? args : args.filter((_, i) => i !== at && (args[at].includes('=') || i !== at + 1));
// Asked before Vite starts: Vite reports a taken port with its own stack trace after ours.
const problem = await portProblem(Number(port));
if (problem) {
  console.error(`npm start: ${problem}; choose another: npm start -- --port ${nextPort(port)}`);
  process.exit(1);
}
console.log(`\nResQuNN Lab: open http://localhost:${port} (Ctrl+C stops it)\n`);
const vite = spawnSync('npx', ['vite', '--port', port, '--strictPort', ...rest], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (vite.status !== 0 && vite.signal === null) process.exit(vite.status ?? 1);

/** Why the server could not listen on `port` of localhost (where Vite listens), or null. */
function portProblem(portNumber) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (e) =>
      resolve(
        e.code === 'EADDRINUSE'
          ? `port ${portNumber} is in use by another program`
          : e.code === 'EACCES'
            ? `port ${portNumber} needs administrator rights here`
            : `port ${portNumber} cannot be used (${e.message})`,
      ),
    );
    probe.listen(portNumber, 'localhost', () => probe.close(() => resolve(null)));
  });
}

function nextPort(taken) {
  return Number(taken) >= 65535 ? 5173 : Number(taken) + 1;
}
