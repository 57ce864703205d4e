// Node entry point.
import { loadWith, type LoadOptions } from './wasm/load.js';
import { nodeBaseUrl, nodePlatform } from './wasm/platform.node.js';
import type { Saddle } from './wasm/instance.js';

export * from './api.js';

/** Loads a fresh saddle instance (its own WASM memory). Relative paths resolve against cwd. */
export function loadSaddle(options?: LoadOptions): Promise<Saddle> {
  return loadWith(nodePlatform, nodeBaseUrl(), options);
}
export { writeCheckpointFile, readCheckpointFile } from './gan/checkpoint-file.js';
export {
  sweep, resolveSweep, readResults, SWEEP_FILE_SCHEMA,
  type SweepOptions, type SweepHandle, type SweepProgress, type SweepSummary, type SweepRun, type ResolvedSweep, type SweepFile, type RunResult,
} from './sweep/index.js';
