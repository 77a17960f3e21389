import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));
// As in the root config: the one graphql build Node loads (mercurius requires it).
const graphqlMain = createRequire(new URL('../../runtime/package.json', import.meta.url)).resolve('graphql');

/**
 * The browser journeys (real Chromium through playwright-core, against the production build the
 * server serves). `pnpm test` runs them last, after the other suites; `pnpm test:e2e` alone. One
 * file at a time: each starts its own server and Chromium, and two at once would crowd two cores.
 */
export default defineConfig({
  root,
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlMain }] },
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.test.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    globalSetup: ['platform/src/testing/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
