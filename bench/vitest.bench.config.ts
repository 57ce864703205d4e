import { defineConfig } from 'vitest/config';

// Benchmarks run as one vitest file per suite, in a single forked process with the
// relaxed-SIMD flag (so both saddle builds and the tfjs peers share one process),
// printing straight to the terminal.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    pool: 'forks',
    execArgv: ['--experimental-wasm-relaxed-simd'],
    fileParallelism: false,
    disableConsoleIntercept: true,
    testTimeout: 1_800_000,
    reporters: ['default'],
  },
});
