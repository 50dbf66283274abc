import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROME_PATH, CHROMIUM_ARGS } from './test/browser/chromium.js';
import { compareWithNode } from './test/browser/commands.js';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/consumers/**'],
          // Two cores on CI: test files run in parallel threads, tests within a file in order.
          pool: 'threads',
        },
      },
      {
        extends: true,
        test: {
          // The packed packages installed from their tarballs into fresh projects (test/consumers/setup.ts):
          // Node ESM and CommonJS, TypeScript's module resolutions, a Vite app and a plain page in
          // Chromium, the server's bin.
          name: 'consumers',
          include: ['test/consumers/**/*.test.ts'],
          globalSetup: ['test/consumers/setup.ts'],
          pool: 'threads',
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          // The linwasm-server package (server/): the CLI and the model server, over real HTTP and gRPC,
          // against its build (dist/) and the library's (linwasm, through the workspace link).
          name: 'server',
          include: ['server/test/**/*.test.ts'],
          pool: 'threads',
        },
      },
      {
        extends: true,
        // Cross-origin isolated, as demo/vite.config.ts serves the demo: the page gets SharedArrayBuffer, so
        // init() starts its thread pool and the parity fits run on Chromium's threads too.
        server: {
          headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
        },
        test: {
          name: 'browser',
          // The kernel, solver, schedule and optimizer suites as they are, the model-selection and
          // inference suites (their fixtures are JSON imports), plus the browser-only tests (workers,
          // parity).
          include: [
            'test/browser/**/*.test.ts',
            'test/kernels.test.ts',
            'test/solvers.test.ts',
            'test/schedules.test.ts',
            'test/optimizers.test.ts',
            'test/eigen.test.ts',
            'test/distributions.test.ts',
            'test/metrics.test.ts',
            'test/polynomial.test.ts',
            'test/split.test.ts',
            'test/cross-validate.test.ts',
            'test/ridge-cv.test.ts',
            'test/curves.test.ts',
            'test/summary.test.ts',
            'test/feature-names.test.ts',
            'test/resident.test.ts',
          ],
          globalSetup: ['test/browser/node-fits.setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROME_PATH, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            commands: { compareWithNode },
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
