import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src-shared/**/*.test.ts',
      'src-main/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'e2e/**/*.test.ts',
    ],
    environment: 'node',
    // Scans spawn worker threads and child processes; two cores run them best one file at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['src-main/testing/originalsGuard.ts'],
  },
});
