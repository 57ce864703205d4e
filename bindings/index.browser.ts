// Browser (and Web Worker) entry point: fetch + compileStreaming, no node: imports.
import { loadWith, type LoadOptions } from './wasm/load.js';
import { browserBaseUrl, browserPlatform } from './wasm/platform.browser.js';
import type { Saddle } from './wasm/instance.js';

export * from './api.js';

/** Loads a fresh saddle instance (its own WASM memory). Relative URLs resolve against the page. */
export function loadSaddle(options?: LoadOptions): Promise<Saddle> {
  return loadWith(browserPlatform, browserBaseUrl(), options);
}
