// Node only: checkpoints on disk, written atomically (a temporary file in the same folder,
// flushed, then renamed over the target), so a crash never leaves a half-written file.

import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { SaddleCheckpointError } from '../errors.js';

/** Writes `bytes` to `path` atomically (write, fsync, rename). */
export function writeCheckpointFile(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally { closeSync(fd); }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new SaddleCheckpointError(`writeCheckpointFile: could not write ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads a checkpoint file's bytes (GanTrainer.load checks them). */
export function readCheckpointFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SaddleCheckpointError(`readCheckpointFile: could not read ${path}: ${(error as Error).message}`, { cause: error });
  }
}
