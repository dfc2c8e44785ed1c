import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    name: 'e2e',
    root: new URL('.', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    // One browser at a time on a 2-core machine; stories wait on conditions, never sleep.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
