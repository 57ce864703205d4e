// loadSaddle: pick the build, compile (cached per URL), instantiate with a fresh memory.

import { SaddleArgumentError, SaddleLoadError } from '../errors.js';
import { hasRelaxedSimd, hasSimd128 } from './features.js';
import { Saddle, makeImports } from './instance.js';
import { defaultWasmUrl, type BuildName } from './location.js';
import { compileSource, type Platform, type WasmSource } from './source.js';

export interface LoadOptions {
  /**
   * 'auto' (default) uses the relaxed-SIMD build when the runtime validates
   * f32x4.relaxed_madd (Chrome 114+, Node 22+; Node 20 needs --experimental-wasm-relaxed-simd),
   * else the SIMD128 build. 'simd' or 'relaxed' forces one ('relaxed' throws if unsupported).
   */
  build?: 'auto' | BuildName;
  /** Your own module: bytes, a WebAssembly.Module, a URL or path, or a fetch Response. */
  source?: WasmSource;
  /**
   * The most WASM memory this instance may use, in bytes (rounded up to 64 KiB pages; at
   * least 2 MiB, at most and by default 4 GiB). Allocations past it throw SaddleMemoryError
   * and leave the instance usable: dispose() something and retry.
   */
  maxMemoryBytes?: number;
}

/** Pages the module's imported memory starts with: asconfig.json's initialMemory. */
export const INITIAL_PAGES = 32;
const PAGE = 65536, MAX_PAGES = 65536;

const compiled = new Map<string, Promise<WebAssembly.Module>>();
let firstLoaded: Saddle | undefined;

/**
 * The instance APIs use when none is passed (`new GanTrainer(config)`): the first one
 * loadSaddle() returned in this realm (each worker has its own), or undefined before that.
 */
export function defaultSaddle(): Saddle | undefined {
  return firstLoaded;
}

/** Which build 'auto' picks on this runtime. */
export function detectBuild(): BuildName {
  return hasRelaxedSimd() ? 'relaxed' : 'simd';
}

export async function loadWith(platform: Platform, baseUrl: string | undefined, options: LoadOptions = {}): Promise<Saddle> {
  if (options === null || typeof options !== 'object') {
    throw new SaddleArgumentError('loadSaddle', 'options', 'an object', options);
  }
  const build = options.build ?? 'auto';
  if (build !== 'auto' && build !== 'simd' && build !== 'relaxed') {
    throw new SaddleArgumentError('loadSaddle', 'options.build', "'auto', 'simd' or 'relaxed'", build);
  }
  const max = options.maxMemoryBytes ?? MAX_PAGES * PAGE;
  if (typeof max !== 'number' || !Number.isFinite(max) || max < INITIAL_PAGES * PAGE || max > MAX_PAGES * PAGE) {
    throw new SaddleArgumentError('loadSaddle', 'options.maxMemoryBytes', `a number of bytes in [${INITIAL_PAGES * PAGE} (2 MiB), 2^32 (4 GiB)]`, max);
  }
  const maximum = Math.ceil(max / PAGE);
  if (!hasSimd128()) {
    throw new SaddleLoadError('loadSaddle: this runtime has no WebAssembly SIMD128 (needs Node 16.4+, Chrome 91+, Firefox 89+ or Safari 16.4+)');
  }
  if (build === 'relaxed' && !hasRelaxedSimd()) {
    throw new SaddleLoadError("loadSaddle: build 'relaxed' requested but this runtime lacks relaxed SIMD (Node 20: run with --experimental-wasm-relaxed-simd)");
  }
  let module: WebAssembly.Module;
  if (options.source !== undefined) {
    module = await compileSource(options.source, platform, baseUrl);
  } else {
    const url = defaultWasmUrl(build === 'auto' ? detectBuild() : build);
    let pending = compiled.get(url.href);
    if (!pending) {
      pending = compileSource(url, platform, baseUrl);
      compiled.set(url.href, pending);
      pending.catch(() => compiled.delete(url.href));
    }
    module = await pending;
  }
  let memory: WebAssembly.Memory | undefined = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum });
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, makeImports(() => memory, memory));
  } catch (error) {
    throw new SaddleLoadError(`loadSaddle: could not instantiate the WASM module: ${(error as Error).message}`, { cause: error });
  }
  memory = instance.exports.memory as WebAssembly.Memory;
  if (!(memory instanceof WebAssembly.Memory) || typeof instance.exports.gemm_f32 !== 'function') {
    throw new SaddleLoadError('loadSaddle: the module is not a saddle module (missing memory or gemm_f32 export)');
  }
  const sd = new Saddle(instance, maximum * PAGE);
  firstLoaded ??= sd;
  return sd;
}
