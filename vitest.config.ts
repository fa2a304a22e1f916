import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores here: tfjs's cpu backend is single-threaded, two workers keep both busy.
    pool: 'forks',
    maxWorkers: 2,
  },
});
