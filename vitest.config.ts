import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // End-to-end suites start hosts on their own free ports; run files one at a time so
    // two hosts never compete for the 2 CI cores.
    fileParallelism: false,
  },
});
