import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Two cores on CI: run test files in parallel threads, tests within a file in order.
    pool: 'threads',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
