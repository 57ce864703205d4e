// A sweep worker's task (dist/sweep-worker.js): trains one resolved run into its run folder
// with one saddle instance per worker process, and returns what the results file records.
// The local pool (tinypool) and BullMQ workers both call runTask.

import { mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadSaddle, SaddleError, type Saddle } from '../index.js';
import { trainRunFolder } from '../cli/train.js';
import type { SweepRun } from './spec.js';
import type { RunResult } from './results.js';

let instance: Promise<Saddle> | undefined;

export interface RunTask { run: SweepRun; out: string; attempt: number }

/** Trains `task.run` into `<out>/runs/<id>` (rewritten from scratch on a retry). */
export async function runTask(task: RunTask): Promise<RunResult> {
  const sd = await (instance ??= loadSaddle());
  const { run } = task;
  const dir = join(task.out, 'runs', run.id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  let outcome;
  try {
    outcome = await trainRunFolder(run.run, dir, { every: run.every, distances: run.distances, print: false, saddle: sd });
  } catch (e) {
    // deterministic (a config the trainer refuses, a run that diverges): failed, not retried
    const error = e instanceof SaddleError ? `[${e.code}] ${e.message}` : (e as Error)?.message ?? String(e);
    return { id: run.id, index: run.index, params: run.params, status: 'failed', attempts: task.attempt, error, dir: join('runs', run.id), worker: `${hostname()}:${process.pid}` };
  }
  const live = sd.liveBytes();
  return {
    id: run.id, index: run.index, params: run.params, status: 'done', attempts: task.attempt,
    final: outcome.metrics.final, iterations: outcome.metrics.iterations,
    seconds: (performance.now() - started) / 1000, iterationsPerSecond: outcome.metrics.iterationsPerSecond,
    dir: join('runs', run.id), build: sd.build, worker: `${hostname()}:${process.pid}`, liveBytes: live,
  };
}

export default runTask;
