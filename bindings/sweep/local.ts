// The local engine: a tinypool pool of worker processes (child_process runtime, so a worker
// that crashes, runs out of memory or is killed takes only its own run down), each with its
// own saddle instance. A run whose worker dies is retried on a fresh worker up to the
// sweep's `retries`, then recorded as failed with the reason. A run that throws (a
// diverging GAN, say) is deterministic, so it is recorded as failed at once.

import { workerExecArgv, workerFile } from '../worker-files.js';
import type { Engine } from './index.js';
import type { RunResult } from './results.js';

export function localEngine(workers: number): Engine {
  return async (runs, context) => {
    if (runs.length === 0) return;
    const { Tinypool } = await import('tinypool');
    const pool = new Tinypool({ filename: workerFile('sweep-worker'), runtime: 'child_process', execArgv: workerExecArgv(), minThreads: Math.min(workers, runs.length), maxThreads: workers, isolateWorkers: false });
    // `workers` runners take runs in order, so an abort stops handing out new ones at once
    let next = 0;
    const runner = async () => {
      while (next < runs.length && !context.signal?.aborted) {
        const run = runs[next++];
        context.started(run);
        for (let attempt = 1; ; attempt++) {
          try {
            context.finished((await pool.run({ run, out: context.out, attempt })) as RunResult);
            break;
          } catch (e) {
            if (attempt > context.retries) {
              const reason = (e as Error)?.message ?? String(e);
              context.finished({ id: run.id, index: run.index, params: run.params, status: 'failed', attempts: attempt, error: `worker died ${attempt} times; last: ${reason}` });
              break;
            }
          }
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(workers, runs.length) }, runner));
    } finally {
      await pool.destroy();
    }
  };
}
