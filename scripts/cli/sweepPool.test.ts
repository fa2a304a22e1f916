import { describe, expect, it } from 'vitest';
import { runnerPool } from './sweepPool';

describe('runnerPool', () => {
  it('a worker thread that fails to load fails its runs, now and later, instead of never answering', async () => {
    const pool = runnerPool(2, new URL('./no-such-thread-entry.ts', import.meta.url).href);
    try {
      const first = pool.runners[0]('n=1;k=2');
      await expect(first).rejects.toThrow(/sweep worker thread 1 stopped: .*no-such-thread-entry/);
      await expect(pool.runners[0]('n=1;k=2')).rejects.toThrow(/sweep worker thread 1 stopped/);
      await expect(pool.runners[1]('n=1;k=2')).rejects.toThrow(/sweep worker thread 2 stopped/);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
