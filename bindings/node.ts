// `saddle/node`: helpers that need Node's file system. Kept out of the main entry so
// browser code cannot import (or typecheck against) them.
export { writeCheckpointFile, readCheckpointFile } from './gan/checkpoint-file.js';
