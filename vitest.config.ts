import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS build (mercurius requires it); vite would pick its ESM build and
// two copies break schema identity. Point vitest at the one Node uses.
const graphqlMain = createRequire(new URL('./runtime/package.json', import.meta.url)).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlMain }] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'platform/src/**/*.test.ts', 'runtime/src/**/*.test.ts', 'seeds/src/**/*.test.ts', 'tests/**/*.test.ts'],
    // The browser journeys run on their own, after these (tests/e2e/vitest.config.ts).
    exclude: ['**/node_modules/**', 'designer/**', 'tests/e2e/**'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    globalSetup: ['platform/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database suites create their own schemas; two workers suit the 2-core machines.
    maxWorkers: 2,
  },
});
