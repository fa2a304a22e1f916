// `npm start` for a new user: install what is missing, build the data, open the app.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

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
run('npx', ['tsx', 'scripts/make-data.ts', '--if-missing']);
run('node', ['scripts/build-wasm.mjs', '--if-missing']);

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
console.log(`\nResQuNN Lab: open http://localhost:${port} (Ctrl+C stops it)\n`);
const vite = spawnSync('npx', ['vite', '--port', port, '--strictPort', ...rest], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (vite.status !== 0 && vite.signal === null) {
  console.error(
    `\nIf port ${port} is in use, choose another: npm start -- --port ${Number(port) + 1}`,
  );
  process.exit(vite.status ?? 1);
}
