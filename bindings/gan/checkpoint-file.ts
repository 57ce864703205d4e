// Node only: checkpoints on disk, written atomically, so a crash never leaves a half-written
// file and a planted file never receives one.
//
// A save writes `.<name>.<pid>-<16 random hex>.tmp` beside the target, created with O_EXCL
// ('wx': an existing name, a symlink included, is an error, never followed), fsyncs it,
// renames it over the target and fsyncs the folder, so the rename itself survives a power
// loss (rename(2) and fsync(2) in POSIX.1-2017). A save killed before its rename leaves its
// temporary file behind; the next save of the same checkpoint removes those of processes
// that are gone.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SaddleCheckpointError } from '../errors.js';

/** What a failed file operation's code means, for the message. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  EEXIST: 'a file already has the temporary name (planted?)',
  EMFILE: 'too many open files',
};

/** A failed file operation's reason in words, with its code ('permission denied (EACCES)'). */
export const fileErrorReason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code && REASONS[code] ? `${REASONS[code]} (${code})` : (error as Error).message;
};

const tempPrefix = (path: string) => `.${basename(path)}.`;
const TEMP_NAME = /^(\d+)-[0-9a-f]{16}\.tmp$/;

/** Whether process `pid` is still running (EPERM: it is, under another user). */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (error) { return (error as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Removes the temporary files of `path` left by saves of processes that are gone. */
function removeStaleTemps(path: string): void {
  const dir = dirname(path), prefix = tempPrefix(path);
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const owner = TEMP_NAME.exec(name.slice(prefix.length));
    // this process's own temporaries may belong to a save running in a worker thread
    if (!owner || Number(owner[1]) === process.pid || alive(Number(owner[1]))) continue;
    try { rmSync(join(dir, name), { force: true }); } catch { /* left for a later save; the checkpoint itself is written */ }
  }
}

/** fsync of a folder, so a rename in it is durable; Windows cannot open folders and needs none. */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/**
 * Writes `bytes` to `path` atomically (write, fsync, rename). The write goes to a fresh
 * temporary file in the same folder (unpredictable name, created exclusively), and the
 * folder is fsynced after the rename. A symlink at `path` is replaced, its target never
 * written. Every failure is a SaddleCheckpointError naming `path`; the target is then unchanged.
 */
export function writeCheckpointFile(path: string, bytes: Uint8Array): void {
  const fn = 'writeCheckpointFile';
  if (typeof path !== 'string' || path === '') throw new SaddleCheckpointError(`${fn}: the path must be a non-empty string, got ${JSON.stringify(path)}`);
  if (!(bytes instanceof Uint8Array)) throw new SaddleCheckpointError(`${fn}: the checkpoint must be a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  const tmp = join(dirname(path), `${tempPrefix(path)}${process.pid}-${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    created = true;
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally { closeSync(fd); }
    renameSync(tmp, path);
    created = false;
    syncFolder(dirname(path));
  } catch (error) {
    if (created) { try { rmSync(tmp, { force: true }); } catch { /* the error below says what failed */ } }
    throw new SaddleCheckpointError(`${fn}: could not write ${path}: ${fileErrorReason(error)}`, { cause: error });
  }
  removeStaleTemps(path);
}

/** Reads a checkpoint file's bytes (GanTrainer.load checks them). */
export function readCheckpointFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SaddleCheckpointError(`readCheckpointFile: could not read ${path}: ${fileErrorReason(error)}`, { cause: error });
  }
}
