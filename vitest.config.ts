import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts', 'src/**/*.test.ts', 'src/**/*.test.tsx', 'migrations/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // PGlite instances are heavy (hundreds of MB each): keep the worker count at the core count.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
