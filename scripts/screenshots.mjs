// `npm run screenshots`: updates the README's images (docs/*.png) from the browser tests that
// take them. `npm test` writes the same screenshots under test-results/ and leaves docs/ alone.
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  'npx',
  ['playwright', 'test', '--grep', 'screenshots of a trained state|presenter view'],
  {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, RESQUNN_SCREENSHOTS_DIR: 'docs' },
  },
);
process.exit(result.status ?? 1);
