// A sweep's results file, results.jsonl: one JSON line per finished or failed run, appended
// and flushed (fsync) as each run ends, so a sweep killed at any point keeps every result
// written so far and a re-run skips them. Lines are keyed by the run's content address; a
// result seen twice (a retried job that had in fact finished) is written once.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { Evaluation } from '../cli/report.js';

export interface RunResult {
  id: string;
  index: number;
  params: Record<string, unknown>;
  status: 'done' | 'failed';
  /** attempts used, the first counted */
  attempts: number;
  /** the last evaluation (done runs) */
  final?: Evaluation;
  iterations?: number;
  /** wall time of the run in its worker */
  seconds?: number;
  iterationsPerSecond?: number;
  /** the run folder, relative to the sweep's folder */
  dir?: string;
  /** the WASM build the worker ran ('simd' or 'relaxed': relaxed SIMD's fused multiply-adds round differently) */
  build?: string;
  /** host:pid of the worker that ran it */
  worker?: string;
  /** the worker's WASM live bytes after the run (flat across runs: nothing leaks) */
  liveBytes?: number;
  /** why a failed run failed */
  error?: string;
}

/**
 * The results in a results.jsonl, last line per id winning; a torn last line (the process
 * died mid-write) is ignored, any other bad line is an error naming the line.
 */
export function readResults(path: string): Map<string, RunResult> {
  const results = new Map<string, RunResult>();
  if (!existsSync(path)) return results;
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: RunResult;
    try { value = JSON.parse(line) as RunResult; } catch (e) {
      if (i === lines.length - 1) return; // torn final line: that run is simply run again
      throw new Error(`${path}:${i + 1}: not a JSON line (${(e as Error).message})`);
    }
    if (typeof value?.id !== 'string') throw new Error(`${path}:${i + 1}: a result without an id`);
    results.set(value.id, value);
  });
  return results;
}

/** An append-only writer of results.jsonl that drops a second result for an id already done. */
export class ResultsFile {
  private readonly fd: number;
  readonly done = new Set<string>();
  constructor(readonly path: string, existing: Map<string, RunResult>) {
    for (const r of existing.values()) if (r.status === 'done') this.done.add(r.id);
    // a torn last line (readResults ignored it) is cut off, so the next record starts a line of its own
    const text = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    if (text.length && text[text.length - 1] !== 0x0a) truncateSync(path, text.lastIndexOf(0x0a) + 1);
    this.fd = openSync(path, 'a');
  }
  /** Appends and flushes one result; false (nothing written) for an id already done. */
  write(result: RunResult): boolean {
    if (this.done.has(result.id)) return false;
    if (result.status === 'done') this.done.add(result.id);
    writeSync(this.fd, JSON.stringify(result) + '\n');
    fsyncSync(this.fd);
    return true;
  }
  close(): void { closeSync(this.fd); }
}
