// Builds dist/: ESM for Node (index.js, node.js) and browsers (index.browser.js), CommonJS
// for require() (index.cjs, node.cjs), .d.ts beside them with .d.cts twins for CommonJS
// consumers, and both .wasm files copied next to the JS (located at run time with
// import.meta.url, which Rollup turns into the file's own URL in the CommonJS output).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

/** Each dist/**.d.ts gets a .d.cts twin whose relative imports name .cjs files, so a CommonJS
 * consumer under module node16/nodenext sees CommonJS declarations (no TS1479). */
function ctsTwins() {
  return {
    name: 'saddle-d-cts-twins',
    writeBundle() {
      const walk = (dir) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, e.name);
          if (e.isDirectory()) walk(path);
          else if (e.name.endsWith('.d.ts')) {
            const text = readFileSync(path, 'utf8').replace(/(from\s+|import\(\s*)(['"])(\.{1,2}\/[^'"]*?)\.js\2/g, '$1$2$3.cjs$2');
            writeFileSync(path.slice(0, -'.d.ts'.length) + '.d.cts', text);
          }
        }
      };
      walk('dist');
    },
  };
}

/** Fills bindings/wasm/inline-bytes.ts with the gzipped, base64-encoded builds for saddle/inline. */
function inlineWasm() {
  return {
    name: 'saddle-inline-wasm',
    transform(code, id) {
      if (!id.endsWith('/bindings/wasm/inline-bytes.ts')) return null;
      const b64 = (file) => gzipSync(readFileSync(`build/${file}`), { level: 9 }).toString('base64');
      // the typescript plugin hands over compiled JS: the annotations are gone
      const filled = code
        .replace(/const SIMD_GZIP_BASE64(: string)? = '';/, () => `const SIMD_GZIP_BASE64 = '${b64('saddle.simd.wasm')}';`)
        .replace(/const RELAXED_GZIP_BASE64(: string)? = '';/, () => `const RELAXED_GZIP_BASE64 = '${b64('saddle.relaxed.wasm')}';`);
      if (/_GZIP_BASE64(: string)? = '';/.test(filled) || filled === code) this.error('inline-bytes.ts no longer contains the empty strings this plugin fills');
      return { code: filled, map: null };
    },
  };
}

rmSync('dist', { recursive: true, force: true });

// Node's modules, the sweep's pool and queue packages (bullmq and ioredis are optional peers) and the CLI's chart renderers stay imports
const NODE_ONLY = [/^node:/, 'tinypool', 'bullmq', 'ioredis', 'vega', 'vega-lite', '@resvg/resvg-wasm'];

const esm = {
  input: { index: 'bindings/index.ts', node: 'bindings/node.ts', 'index.browser': 'bindings/index.browser.ts', 'index.inline': 'bindings/index.inline.ts', cli: 'bindings/cli.ts', 'sweep-worker': 'bindings/sweep/worker.ts', 'claims-worker': 'bindings/cli/claims-worker.ts' },
  output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'saddle-[name].js' },
  external: NODE_ONLY,
  plugins: [
    wasmBesideJs(),
    inlineWasm(),
    // bundles the runtime dependency (@sinclair/typebox) so dist/index.browser.js loads without an import map
    nodeResolve({ resolveOnly: ['@sinclair/typebox'] }),
    typescript({ tsconfig: './tsconfig.json', declaration: true, declarationDir: 'dist', outDir: 'dist', sourceMap: true, inlineSources: true }),
  ],
};

const cjs = {
  input: { index: 'bindings/index.ts', node: 'bindings/node.ts', 'index.inline': 'bindings/index.inline.ts' },
  output: { dir: 'dist', format: 'cjs', sourcemap: true, entryFileNames: '[name].cjs', chunkFileNames: 'saddle-[name].cjs', exports: 'named' },
  external: NODE_ONLY,
  plugins: [
    wasmBesideJs(),
    inlineWasm(),
    nodeResolve({ resolveOnly: ['@sinclair/typebox'] }),
    typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist', sourceMap: true, inlineSources: true }),
    ctsTwins(),
  ],
};

export default [esm, cjs];
