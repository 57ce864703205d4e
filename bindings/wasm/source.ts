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
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return await WebAssembly.compile(source);
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

/** compileStreaming, falling back to bytes when the server sends the wrong MIME type. */
export async function compileResponse(response: Response | Promise<Response>): Promise<WebAssembly.Module> {
  const res = await response;
  if (!res.ok) throw new SaddleLoadError(`loadSaddle: fetching ${res.url || 'the WASM module'} failed with HTTP ${res.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && res.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
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
