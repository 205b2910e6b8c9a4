import { defineConfig } from 'vitest/config';

// The benchmark runs through vitest only to reuse the test harness (TypeScript, the real host);
// it is not part of `npm test` and asserts nothing about time.
export default defineConfig({
  test: { include: ['bench/**/*.bench.ts'], testTimeout: 1_800_000, hookTimeout: 300_000 },
});
