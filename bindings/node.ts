// `saddle/node`: helpers that need Node's file system. Kept out of the main entry so
// browser code cannot import (or typecheck against) them.
export { writeCheckpointFile, readCheckpointFile } from './gan/checkpoint-file.js';
export {
  sweep, resolveSweep, readResults, SWEEP_FILE_SCHEMA,
  type SweepOptions, type SweepHandle, type SweepProgress, type SweepSummary, type SweepRun, type ResolvedSweep, type SweepFile, type RunResult,
} from './sweep/index.js';
