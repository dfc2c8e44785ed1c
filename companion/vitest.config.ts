import { defineProject } from 'vitest/config';

export default defineProject({
  // `source`: import @hocba/shared from its TypeScript sources, as the root config does.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  // forks: SoftHSM reads SOFTHSM2_CONF with C getenv, which worker threads do not update.
  test: { name: 'companion', include: ['test/**/*.test.ts'], pool: 'forks', testTimeout: 30_000 },
});
