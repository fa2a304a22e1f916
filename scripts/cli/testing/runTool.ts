import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/*
 * The command-line tools' tests run each tool in a child process, as a shell does: the behaviour
 * under test includes the process's exit code and which stream its output goes to.
 */

/** The repository's root, where `npm run` runs the tools. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ToolRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `node --import tsx [--import tfjsCoreLoader] ARGS` in the root, as `npm run` starts a tool;
 * `tfjs` false leaves out the tfjs-core loader (tools that do no tensor work).
 */
export function runTool(args: readonly string[], tfjs = true): ToolRun {
  const loader = tfjs ? ['--import', './scripts/runtime/tfjsCoreLoader.mjs'] : [];
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...loader, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npm run sweep`'s smallest sweep: one layer, one step of 4 images, `test` test images, one worker. */
export const tinySweep = (test: number): string[] => [
  'scripts/sweep.ts',
  '--layers',
  '1',
  '--steps',
  '1',
  '--batch',
  '4',
  '--test',
  String(test),
  '--workers',
  '1',
];
