// `node scripts/prepare.mjs [wasm] [data] [app]`: builds what a command needs when it is missing
// or stale, so that every npm script works on a fresh clone right after `npm ci`. With no
// argument, the WebAssembly kernel and the MNIST data; `app` also builds dist/ when it has no
// page (for `npm run preview`). Each builder decides for itself whether anything is to do
// (build-wasm.mjs compares source hashes, make-data.ts checks the files' checksums), so a
// second call costs about a second. Plain Node: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STEPS = ['wasm', 'data', 'app'];
const USAGE = `usage: node scripts/prepare.mjs [${STEPS.join('] [')}]
  builds what is missing: wasm (the WebAssembly kernel), data (public/data), app (dist/);
  no argument: wasm and data`;

const args = process.argv.slice(2);
if (args.some((a) => a === '--help' || a === '-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = args.filter((a) => !STEPS.includes(a));
if (unknown.length > 0) {
  console.error(`prepare: unknown step '${unknown[0]}'\n${USAGE}`);
  process.exit(2);
}
const wanted = new Set(args.length > 0 ? args : ['wasm', 'data']);
// The app embeds the kernel and serves the data: building it needs both.
if (wanted.has('app')) ['wasm', 'data'].forEach((s) => wanted.add(s));

function run(label, command, commandArgs) {
  const result = spawnSync(command, commandArgs, {
    cwd: ROOT,
    // Progress to stderr: a command's stdout may be its result (`npm run -s train -- --json -`).
    stdio: ['inherit', 2, 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`prepare: building ${label} failed (${command} ${commandArgs.join(' ')})`);
    process.exit(result.status ?? 1);
  }
}

if (wanted.has('wasm')) {
  run('the WebAssembly kernel', process.execPath, ['scripts/build-wasm.mjs', '--if-missing']);
}
if (wanted.has('data')) {
  run('the MNIST data', process.execPath, [
    '--import',
    'tsx',
    'scripts/make-data.ts',
    '--if-missing',
  ]);
}
if (wanted.has('app') && !existsSync(join(ROOT, 'dist', 'index.html'))) {
  console.log('prepare: dist/ has no build yet, building the app (npm run build)…');
  run('the app', 'npx', ['vite', 'build']);
}
