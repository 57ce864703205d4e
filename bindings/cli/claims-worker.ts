// A claims worker's task (dist/claims-worker.js): runs one claim by id on this process's
// saddle instance (loaded once, reused across tasks) and returns its results for the report.
// The pool of `saddle claims --workers N` (claims-workers.ts) calls it.

import { loadSaddle, type Saddle } from '../index.js';
import { runClaims, type ClaimResult } from '../minimax/claims.js';

let instance: Promise<Saddle> | undefined;

export interface ClaimTask { id: string; counterfactuals: boolean }

/** What a task sends back: the build that ran it, and the claim's results. */
export interface ClaimTaskResult { build: string; results: ClaimResult[] }

/**
 * Runs `runClaims(sd, { ids: [task.id], counterfactuals })`. A ClaimResult is numbers,
 * strings and arrays (sent with structured clone, so Infinity and NaN survive); a series
 * goes back as its label, steps and distances, what the report plots.
 */
export async function runClaimTask(task: ClaimTask): Promise<ClaimTaskResult> {
  const sd = await (instance ??= loadSaddle());
  const results = runClaims(sd, { ids: [task.id], counterfactuals: task.counterfactuals });
  return {
    build: sd.build,
    results: results.map((r) => ({ ...r, series: r.series.map((s) => ({ label: s.label, steps: s.steps, distances: s.distances })) })),
  };
}

export default runClaimTask;
