import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Integration and end-to-end tests start real servers and Chromium: one file at a time on 2 cores.
    fileParallelism: false,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
