import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  test: { name: 'extension', include: ['test/**/*.test.ts'] },
});
