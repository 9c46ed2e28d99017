import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Child processes the tests start (CLI, worker) inherit this env: they run on the development secrets.
    env: { NODE_ENV: 'test', EARSHOT_DEV_DEFAULTS: 'true' },
    // Integration files share one FerretDB (SQLite serialises writes); two at a time keeps lock waits short.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
