import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake: the tools print the message and exit with code 2. */
export class UsageError extends Error {}

/** `--help` or `-h`: the tools print their usage on stdout and exit 0. */
export class HelpRequest extends Error {}

/**
 * node:util's parser with our exit convention: bad arguments → a clear message, exit code 2;
 * `--help`/`-h` anywhere → the usage, exit 0 (before anything else is checked).
 */
export function parseCli<T extends ParseArgsConfig['options']>(
  options: T,
  usage: string,
  argv: readonly string[] = process.argv.slice(2),
) {
  if (argv.some((a) => a === '--help' || a === '-h')) throw new HelpRequest(usage);
  try {
    return parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`);
  }
}

/**
 * `--epochs -3` as `--epochs=-3`: node:util reads a value that starts with a dash as a possible
 * option and refuses it as "ambiguous", which hides the real mistake (the number is out of range)
 * from the flag's own check.
 */
function joinNegativeValues(
  argv: readonly string[],
  options: ParseArgsConfig['options'],
): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([^=]+)$/.exec(argv[i])?.[1];
    const next = argv[i + 1];
    if (name && options?.[name]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`--${name}=${next}`);
      i++;
    } else joined.push(argv[i]);
  }
  return joined;
}

/** A whole number in [min, max], or a UsageError naming the flag. */
export function intFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

export function choiceFlag<C extends string>(
  name: string,
  value: string | undefined,
  choices: readonly C[],
): C | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got "${value}")`);
  }
  return value as C;
}

/**
 * Runs a CLI's main: usage errors exit 2 with the message, anything else exits 1. A main that
 * finished but set `process.exitCode` (a diverged run) keeps it: `exit()` would mean 0. The
 * explicit exit stops handles tfjs and browsers leave open.
 */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(),
    (e: unknown) => {
      if (e instanceof HelpRequest) {
        process.stdout.write(`${e.message}\n`);
        process.exit(0);
      }
      if (e instanceof UsageError) {
        process.stderr.write(`error: ${e.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
