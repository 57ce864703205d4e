// sweep(file, options): every run of a sweep file on a local worker pool (one saddle
// instance per worker process) or, with `redis`, on BullMQ workers on any number of
// machines. Results stream as an async iterator and land in <out>/results.jsonl (one line
// per run, flushed as it ends); a re-run of the same sweep skips the runs already done.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSaddle } from '../index.js';
import { SaddleArgumentError } from '../errors.js';
import { checkConfig } from '../gan/config.js';
import { canonicalJson, configHash } from '../gan/checkpoint.js';
import { dataset } from '../gan/datasets/index.js';
import { UsageError } from '../cli/errors.js';
import { paramsLabel, resolveSweep, type ResolvedSweep, type SweepRun } from './spec.js';
import { readResults, ResultsFile, type RunResult } from './results.js';
import { sweepReportHtml } from './report.js';

export { resolveSweep, SWEEP_FILE_SCHEMA, type ResolvedSweep, type SweepRun, type SweepFile } from './spec.js';
export { readResults, type RunResult } from './results.js';

/** Where a sweep stands, for a progress bar. */
export interface SweepProgress {
  total: number;
  /** finished in this session or an earlier one */
  done: number;
  failed: number;
  running: number;
  /** done before this session started (skipped) */
  skipped: number;
  /** seconds left at the mean run time so far, divided over the running slots */
  etaSeconds: number;
}

export interface SweepSummary {
  name: string;
  out: string;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** every run's latest result, in sweep order */
  results: RunResult[];
}

export interface SweepOptions {
  /** the sweep's folder: sweep.json, results.jsonl, runs/<id>/, report.html */
  out: string;
  /** local worker processes (default: available cores); ignored with `redis` */
  workers?: number;
  /** a Redis URL: enqueue on BullMQ for `saddle worker` processes instead of the local pool */
  redis?: string;
  /** the BullMQ queue (default 'saddle') */
  queue?: string;
  /** where the sweep file came from, for errors (default 'sweep') */
  where?: string;
  onProgress?: (progress: SweepProgress) => void;
  /** aborting stops handing out runs; running ones finish and are recorded */
  signal?: AbortSignal;
}

/** A running sweep: iterate for each result as it lands; `summary` settles when all have. */
export interface SweepHandle extends AsyncIterable<RunResult> {
  readonly summary: Promise<SweepSummary>;
  readonly sweep: ResolvedSweep;
}

/** An engine runs the pending runs and reports each result once (retries are its business). */
export type Engine = (runs: SweepRun[], context: EngineContext) => Promise<void>;
export interface EngineContext {
  out: string;
  retries: number;
  sweepKey: string;
  signal?: AbortSignal;
  started: (run: SweepRun) => void;
  finished: (result: RunResult) => void;
}

/**
 * Checks the trainer's cross-field rules (checkConfig) on every resolved run before any
 * starts, on a few rows of each preset's data; an error names the run and the field.
 */
async function checkRuns(sweep: ResolvedSweep, where: string): Promise<void> {
  const sd = await loadSaddle();
  const data = new Map<string, { values: Float32Array; dim: number }>();
  for (const r of sweep.runs) {
    const key = r.run.preset;
    if (!data.has(key)) { const set = dataset(sd, r.run.preset, { rows: 8, seed: 1 }); data.set(key, { values: set.data, dim: set.dim }); }
    try { checkConfig({ ...r.run.trainer, seed: r.run.seed, data: data.get(key) }); } catch (e) {
      if (e instanceof SaddleArgumentError) {
        throw new UsageError(`${where}: run ${r.index} (${paramsLabel(r.params)}): ${e.message}`);
      }
      throw e;
    }
  }
}

/** The sweep folder: sweep.json written on the first start, and refused if another sweep wrote it. */
function prepareFolder(out: string, file: unknown, where: string): void {
  mkdirSync(out, { recursive: true });
  const path = join(out, 'sweep.json');
  if (existsSync(path)) {
    let saved: unknown;
    try { saved = JSON.parse(readFileSync(path, 'utf8')); } catch { throw new UsageError(`${path} is not JSON; is ${out} a sweep folder?`); }
    if (canonicalJson(saved) !== canonicalJson(file)) {
      throw new UsageError(`${where}: ${out} holds another sweep (its sweep.json differs); choose another --out, or put the sweep file back to resume it`);
    }
  } else {
    writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
  }
}

/** Starts a sweep (validated in full first: a bad file rejects `summary` and the iterator). */
export function sweep(file: unknown, options: SweepOptions): SweepHandle {
  const where = options.where ?? 'sweep';
  const resolved = resolveSweep(file, where);
  const out = resolve(options.out);
  const queue: RunResult[] = [];
  let wake: (() => void) | undefined, ended = false, failure: unknown;
  const push = (r: RunResult) => { queue.push(r); wake?.(); };
  const summary = (async (): Promise<SweepSummary> => {
    try {
      await checkRuns(resolved, where);
      prepareFolder(out, file, where);
      const t0 = performance.now();
      const existing = readResults(join(out, 'results.jsonl'));
      const results = new ResultsFile(join(out, 'results.jsonl'), existing);
      const latest = new Map(existing);
      const pending = resolved.runs.filter((r) => !results.done.has(r.id));
      const skipped = resolved.runs.length - pending.length;
      let done = skipped, failed = 0, running = 0, runSeconds = 0, finishedHere = 0;
      const slots = options.redis ? 1 : Math.max(1, options.workers ?? availableParallelism());
      const report = () => options.onProgress?.({
        total: resolved.runs.length, done, failed, running, skipped,
        etaSeconds: finishedHere ? ((resolved.runs.length - done - failed) * runSeconds) / finishedHere / Math.max(1, Math.min(slots, running || slots)) : NaN,
      });
      report();
      const engine: Engine = options.redis ? (await import('./redis.js')).redisEngine(options.redis, options.queue ?? 'saddle') : (await import('./local.js')).localEngine(slots);
      try {
        await engine(pending, {
          out, retries: resolved.retries, sweepKey: configHash(file).slice(0, 12), signal: options.signal,
          started: () => { running++; report(); },
          finished: (result) => {
            if (!results.write(result)) return;
            running = Math.max(0, running - 1);
            latest.set(result.id, result);
            if (result.status === 'done') { done++; runSeconds += result.seconds ?? 0; finishedHere++; } else failed++;
            report();
            push(result);
          },
        });
      } finally {
        results.close();
      }
      const all = resolved.runs.map((r) => latest.get(r.id)).filter((r): r is RunResult => r !== undefined);
      const s: SweepSummary = { name: resolved.name, out, total: resolved.runs.length, done, failed, skipped, seconds: (performance.now() - t0) / 1000, results: all };
      writeFileSync(join(out, 'summary.json'), JSON.stringify({ ...s, results: undefined }, null, 2) + '\n');
      writeFileSync(join(out, 'report.html'), sweepReportHtml(resolved, all, s));
      return s;
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      ended = true;
      wake?.();
    }
  })();
  summary.catch(() => {}); // observed through the iterator or by the caller
  return {
    sweep: resolved,
    summary,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (queue.length) { yield queue.shift()!; continue; }
        if (ended) { if (failure) throw failure; return; }
        await new Promise<void>((r) => { wake = r; });
        wake = undefined;
      }
    },
  };
}
