// Turning a user's WasmSource (or the default file) into a compiled WebAssembly.Module.
// Node reads files from disk; browsers fetch with compileStreaming. The platform part
// is injected by the entry point (index.ts for Node, index.browser.ts for browsers)
// so the browser bundle never mentions node: modules.

import { SaddleLoadError, describe } from '../errors.js';

/** Where to get the module: bytes, a compiled module, a URL/path, or a fetch Response. */
export type WasmSource = BufferSource | WebAssembly.Module | URL | string | Response | Promise<Response>;

export interface Platform {
  /** Compiles the module at a URL (file: or http(s):). */
  compileUrl(url: URL): Promise<WebAssembly.Module>;
}

export async function compileSource(source: WasmSource, platform: Platform, baseUrl?: string): Promise<WebAssembly.Module> {
  try {
    if (source instanceof WebAssembly.Module) return source;
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return await compileBytes(source, 'the bytes given');
    if (typeof source === 'string' || source instanceof URL) return await platform.compileUrl(toUrl(source, baseUrl));
    if (typeof Response !== 'undefined' && (source instanceof Response || source instanceof Promise)) {
      return await compileResponse(source);
    }
  } catch (error) {
    if (error instanceof SaddleLoadError) throw error;
    throw new SaddleLoadError(`loadSaddle: could not compile the WASM module from ${describeSource(source)}: ${(error as Error).message}`, { cause: error });
  }
  throw new SaddleLoadError(`loadSaddle: option 'source' must be bytes, a WebAssembly.Module, a URL, a path or a Response, got ${describe(source)}`);
}

/** What to do when the default .wasm file is not where the JS expects it. */
export const BUNDLER_ADVICE = "your bundler or dev server did not serve saddle's .wasm file beside the JS. " +
  "Import from 'saddle/inline' (the WASM embedded, no asset to serve), or pass loadSaddle({ source: url }) with " +
  'the URL where you serve node_modules/saddle/dist/saddle.simd.wasm (or .relaxed.wasm); with the Vite dev server ' +
  "add optimizeDeps: { exclude: ['saddle'] } to vite.config. Recipes: https://github.com/saddle-js/saddle/blob/main/docs/bundlers.md";

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Compiles bytes after checking the WASM magic word, naming an HTML page or other file for what it is. */
export async function compileBytes(source: BufferSource, from: string): Promise<WebAssembly.Module> {
  const view = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (!MAGIC.every((b, i) => view[i] === b)) {
    const head = new TextDecoder().decode(view.subarray(0, 64)).trimStart().toLowerCase();
    const what = head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<')
      ? 'an HTML page, not WASM'
      : `not WASM (it starts with ${Array.from(view.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ') || 'nothing'}, not 00 61 73 6d)`;
    throw new SaddleLoadError(`loadSaddle: ${from} is ${what}: ${BUNDLER_ADVICE}`);
  }
  return WebAssembly.compile(view as Uint8Array<ArrayBuffer>);
}

/** compileStreaming, falling back to bytes when the server sends the wrong MIME type. */
export async function compileResponse(response: Response | Promise<Response>): Promise<WebAssembly.Module> {
  const res = await response;
  const where = res.url || 'the WASM module';
  if (!res.ok) {
    throw new SaddleLoadError(`loadSaddle: fetching ${where} failed with HTTP ${res.status}${res.status === 404 ? `: ${BUNDLER_ADVICE}` : ''}`);
  }
  if (typeof WebAssembly.compileStreaming === 'function' && res.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(res);
  }
  return compileBytes(await res.arrayBuffer(), `the response from ${where}`);
}

function toUrl(source: string | URL, baseUrl?: string): URL {
  if (source instanceof URL) return source;
  try {
    return new URL(source, baseUrl);
  } catch {
    throw new SaddleLoadError(`loadSaddle: option 'source' is not a valid URL or path: ${JSON.stringify(source)}`);
  }
}

function describeSource(source: WasmSource): string {
  if (typeof source === 'string') return JSON.stringify(source);
  if (source instanceof URL) return source.href;
  return describe(source);
}
