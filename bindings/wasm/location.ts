// Where the .wasm files live. In the source tree they are built into build/; rollup
// rewrites these two literals to './saddle.*.wasm' so dist/ finds them beside the JS.
// The literals stay literal so bundlers (Vite, webpack) can see and copy the assets.

import { SaddleLoadError } from '../errors.js';
import { BUNDLER_ADVICE } from './source.js';

export type BuildName = 'simd' | 'relaxed';

export function defaultWasmUrl(build: BuildName): URL {
  // A bundle without import.meta (esbuild --format=iife or cjs) leaves import.meta.url undefined.
  try {
    return build === 'relaxed'
      ? new URL('../../build/saddle.relaxed.wasm', import.meta.url)
      : new URL('../../build/saddle.simd.wasm', import.meta.url);
  } catch (error) {
    throw new SaddleLoadError(`loadSaddle: cannot locate saddle.${build}.wasm because this bundle has no import.meta.url (an IIFE or CommonJS bundle?): ${BUNDLER_ADVICE}`, { cause: error });
  }
}
