// `saddle/inline`: the same API with both WASM builds embedded (gzipped, about 50 KB of
// base64 each), for bundlers and pages that cannot serve a .wasm asset. Works in browsers,
// workers and Node; no fetch, no file access.
import { detectBuild, loadWith, type LoadOptions } from './wasm/load.js';
import { browserBaseUrl, browserPlatform } from './wasm/platform.browser.js';
import { inlineWasm } from './wasm/inline-bytes.js';
import type { BuildName } from './wasm/location.js';
import { hasRelaxedSimd, hasSimd128 } from './wasm/features.js';
import { compileBytes } from './wasm/source.js';
import type { Saddle } from './wasm/instance.js';

export * from './api.js';

const compiled = new Map<BuildName, Promise<WebAssembly.Module>>();

/** Loads a fresh saddle instance (its own WASM memory) from the embedded module, unless options.source names another. */
export async function loadSaddle(options: LoadOptions = {}): Promise<Saddle> {
  const wanted = options !== null && typeof options === 'object' && options.source === undefined ? options.build ?? 'auto' : undefined;
  // anything else (a source, bad options, an unknown build) is loadWith's to handle or refuse
  if (wanted !== 'auto' && wanted !== 'simd' && wanted !== 'relaxed') return loadWith(browserPlatform, browserBaseUrl(), options);
  const build = wanted === 'auto' ? detectBuild() : wanted;
  // without SIMD (or relaxed SIMD when asked for) loadWith throws its typed error before compiling
  if (!hasSimd128() || (build === 'relaxed' && !hasRelaxedSimd())) return loadWith(browserPlatform, browserBaseUrl(), options);
  let pending = compiled.get(build);
  if (!pending) {
    pending = inlineWasm(build).then((bytes) => compileBytes(bytes, `the embedded saddle.${build}.wasm`));
    compiled.set(build, pending);
    pending.catch(() => compiled.delete(build));
  }
  return loadWith(browserPlatform, browserBaseUrl(), { ...options, build, source: await pending });
}
