// Node entry point.
import { loadWith, type LoadOptions } from './wasm/load.js';
import { nodeBaseUrl, nodePlatform } from './wasm/platform.node.js';
import type { Saddle } from './wasm/instance.js';

export * from './api.js';

/** Loads a fresh saddle instance (its own WASM memory). Relative paths resolve against cwd. */
export function loadSaddle(options?: LoadOptions): Promise<Saddle> {
  return loadWith(nodePlatform, nodeBaseUrl(), options);
}
