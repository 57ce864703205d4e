// `saddle claims --workers N`: the claims on a tinypool pool of N worker processes
// (child_process runtime: a worker that crashes takes only its own claim down), each with
// its own saddle instance. Results come back in the serial order, each handed on as soon as
// those before it are.

import { workerExecArgv, workerFile } from '../worker-files.js';
import type { ClaimResult } from '../minimax/claims.js';
import type { ClaimTask, ClaimTaskResult } from './claims-worker.js';

/** Claims whose worker failed (a crash, an exception); the message names each id and why. */
export class ClaimsWorkerError extends Error {
  constructor(readonly failures: ReadonlyArray<{ id: string; reason: string }>) {
    super(`${failures.length === 1 ? 'a claim' : `${failures.length} claims`} failed on a worker process: ${failures.map((f) => `${f.id} (${f.reason})`).join('; ')}`);
  }
}

export interface ClaimsOnWorkersOptions {
  workers: number;
  counterfactuals: boolean;
  /** The build every worker must have loaded (the report names it). */
  build: string;
  /** Called with each claim's results in the order of `ids`, once those before it were. */
  onResults?: (results: ClaimResult[], id: string) => void;
  /** The worker module (default dist/claims-worker.js). */
  filename?: string;
}

type Outcome = { id: string; results: ClaimResult[] } | { id: string; reason: string };

const reasonOf = (e: unknown): string => {
  const error = e as { message?: string; code?: unknown } | undefined;
  const message = error?.message ?? String(e);
  return typeof error?.code === 'string' ? `[${error.code}] ${message}` : message;
};

/**
 * Runs the claims `ids` on `workers` processes and returns their results in the order of
 * `ids`. Every claim runs even when one fails; then a ClaimsWorkerError names the failed ones.
 */
export async function runClaimsOnWorkers(ids: readonly string[], options: ClaimsOnWorkersOptions): Promise<ClaimResult[]> {
  if (ids.length === 0) return [];
  const { Tinypool } = await import('tinypool');
  const threads = Math.min(options.workers, ids.length);
  // structured clone, not JSON: a diverged trajectory's Infinity and NaN come back as they are
  const pool = new Tinypool({ filename: options.filename ?? workerFile('claims-worker'), runtime: 'child_process', execArgv: workerExecArgv(), serialization: 'advanced', minThreads: threads, maxThreads: threads, isolateWorkers: false });
  try {
    // every claim is queued at once (tinypool hands them out in order); each settles to an outcome, never an unhandled rejection
    const outcomes = ids.map((id) => (pool.run({ id, counterfactuals: options.counterfactuals } satisfies ClaimTask) as Promise<ClaimTaskResult>).then(
      (value): Outcome => (value.build === options.build ? { id, results: value.results } : { id, reason: `the worker loaded the ${value.build} build, not ${options.build}` }),
      (e: unknown): Outcome => ({ id, reason: reasonOf(e) }),
    ));
    const results: ClaimResult[] = [];
    const failures: Array<{ id: string; reason: string }> = [];
    for (const outcome of outcomes) {
      const o = await outcome;
      if ('reason' in o) { failures.push(o); continue; }
      results.push(...o.results);
      options.onResults?.(o.results, o.id);
    }
    if (failures.length) throw new ClaimsWorkerError(failures);
    return results;
  } finally {
    await pool.destroy();
  }
}
