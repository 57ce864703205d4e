import { defineConfig } from 'vitest/config';

// Workers run with --experimental-wasm-relaxed-simd so that on Node 20 both builds
// (SIMD128 and relaxed SIMD) are exercised; newer runtimes ignore nothing and need no flag.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
