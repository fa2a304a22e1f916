import { spawnSync } from 'node:child_process';

/**
 * Fails, saying how to install it, unless python3 can import torch: the tests that run an exported
 * model.py need it (CI installs it), and skipping them would hide a broken export.
 */
export function requireTorch(): void {
  const probe = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      'The model export test needs python3 with torch, and `python3 -c "import torch"` failed ' +
        `(${(probe.stderr || String(probe.error)).trim().split('\n').pop()}). Install it with ` +
        '`pip install torch` (CI does), then run this test again.',
    );
  }
}
