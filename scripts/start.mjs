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
console.log('\nResQuNN Lab: open http://localhost:5173 (Ctrl+C stops it)\n');
run('npx', ['vite', '--port', '5173', ...process.argv.slice(2)]);
