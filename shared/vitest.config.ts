import { defineProject } from 'vitest/config';

export default defineProject({
  // 30 s as in the companion: a few verifier tests (bombs, budgets, pyHanko files) take 1–4 s of
  // CPU and ran past vitest's default 5 s under a load of 20 on 2 cores; a hang still fails.
  test: { name: 'shared', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
