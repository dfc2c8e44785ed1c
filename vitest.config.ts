import { defineConfig } from 'vitest/config';

// Unit tests of every workspace in one run (the end-to-end suite has its own config in test/).
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: { projects: ['shared', 'companion', 'extension'] },
});
