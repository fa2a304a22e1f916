import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './args';

/**
 * Where a command writes a result (`--json FILE`, `--csv FILE`): `-` is stdout, as in other
 * command-line tools; anything else is a file. The file's place is checked when the flags are
 * read, so a path that cannot be written is refused before a long run, not after it.
 */
export interface Output {
  /** The path as given, `-` for stdout. */
  readonly path: string;
  readonly toStdout: boolean;
  /** Writes the whole text; a file is written at once, stdout gets it as it is. */
  write(text: string): void;
}

/** The output of `--<flag> <path>`, undefined without the flag; a UsageError says what is wrong. */
export function outputFile(flag: string, path: string | undefined): Output | undefined {
  if (path === undefined) return undefined;
  if (path === '-') {
    return { path, toStdout: true, write: (text) => void process.stdout.write(text) };
  }
  const problem = writeProblem(path);
  if (problem) throw new UsageError(`--${flag} ${path}: ${problem}`);
  return { path, toStdout: false, write: (text) => writeFileSync(path, text) };
}

/**
 * Where a command's messages go: stderr when one of its results goes to stdout (so that stdout
 * holds the result alone), stdout otherwise.
 */
export function messageStream(...outputs: readonly (Output | undefined)[]): NodeJS.WriteStream {
  return outputs.some((o) => o?.toStdout) ? process.stderr : process.stdout;
}

/** At most one result may go to stdout: two would be mixed into one stream. */
export function oneStdout(outputs: Record<string, Output | undefined>): void {
  const flags = Object.entries(outputs)
    .filter(([, o]) => o?.toStdout)
    .map(([flag]) => `--${flag}`);
  if (flags.length > 1) {
    throw new UsageError(`${flags.join(' and ')} cannot both be - (stdout): give one a file`);
  }
}

function writeProblem(path: string): string | null {
  if (path === '') return 'the file name is empty';
  const full = resolve(path);
  if (existsSync(full)) {
    if (statSync(full).isDirectory()) return 'that is a folder; give a file name in it';
    return canWrite(full) ? null : 'the file exists and cannot be written (permissions)';
  }
  const folder = dirname(full);
  if (!existsSync(folder)) return `the folder ${folder} does not exist (create it first)`;
  if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
  return canWrite(folder) ? null : `the folder ${folder} cannot be written (permissions)`;
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
