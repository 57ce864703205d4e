// Builds dist/: ESM for Node (index.js) and browsers (index.browser.js), .d.ts beside them,
// and both .wasm files copied next to the JS (located at run time with import.meta.url).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';

/** The source tree finds the .wasm in build/; dist/ finds them beside the JS. */
function wasmBesideJs() {
  return {
    name: 'saddle-wasm-beside-js',
    transform(code, id) {
      if (!id.endsWith('/bindings/wasm/location.ts')) return null;
      const out = code.replaceAll("'../../build/saddle.", "'./saddle.");
      if (out === code) this.error('location.ts no longer contains the build/ URLs this plugin rewrites');
      return { code: out, map: null };
    },
    writeBundle() {
      mkdirSync('dist', { recursive: true });
      for (const file of ['saddle.simd.wasm', 'saddle.relaxed.wasm']) copyFileSync(`build/${file}`, `dist/${file}`);
    },
  };
}

rmSync('dist', { recursive: true, force: true });

export default {
  input: { index: 'bindings/index.ts', 'index.browser': 'bindings/index.browser.ts', cli: 'bindings/cli.ts', 'sweep-worker': 'bindings/sweep/worker.ts', 'claims-worker': 'bindings/cli/claims-worker.ts' },
  output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'saddle-[name].js' },
  external: [/^node:/, 'tinypool', 'bullmq', 'ioredis'],
  plugins: [
    wasmBesideJs(),
    // bundles the runtime dependency (@sinclair/typebox) so dist/index.browser.js loads without an import map
    nodeResolve({ resolveOnly: ['@sinclair/typebox'] }),
    typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist', outDir: 'dist', sourceMap: true }),
  ],
};
