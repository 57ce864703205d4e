// The two builds, gzipped and base64-encoded, for the `saddle/inline` entry. The build
// (rollup.config.mjs, plugin saddle-inline-wasm) replaces these empty strings with
// build/saddle.*.wasm; in the source tree they stay empty and inlineWasm() says so.

import { SaddleLoadError } from '../errors.js';
import type { BuildName } from './location.js';

const SIMD_GZIP_BASE64: string = '';
const RELAXED_GZIP_BASE64: string = '';

/** The embedded module bytes of `build` (gunzipped with DecompressionStream). */
export async function inlineWasm(build: BuildName): Promise<ArrayBuffer> {
  const text = build === 'relaxed' ? RELAXED_GZIP_BASE64 : SIMD_GZIP_BASE64;
  if (text === '') throw new SaddleLoadError('loadSaddle: saddle/inline has no embedded WASM here (it is filled in by `npm run build`; use dist/index.inline.js)');
  if (typeof DecompressionStream !== 'function') {
    throw new SaddleLoadError("loadSaddle: saddle/inline needs DecompressionStream (Chrome 80+, Firefox 113+, Safari 16.4+, Node 18+); import from 'saddle' instead");
  }
  const binary = atob(text);
  const gz = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) gz[i] = binary.charCodeAt(i);
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}
