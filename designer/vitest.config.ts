import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Component tests of the web app: jsdom + Testing Library (`pnpm test` runs them after the root suites). */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  test: {
    name: 'designer',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    // The plain "N passed, N failed" line CI reads, as the root suites print it.
    reporters: ['default', fileURLToPath(new URL('../tests/support/summary-reporter.ts', import.meta.url))],
    setupFiles: ['src/testing/setup-tests.ts'],
    // jsdom renders of antd's large trees take seconds; several times that on a busy 2-core machine.
    testTimeout: 90_000,
    css: false,
    maxWorkers: 2,
  },
});
