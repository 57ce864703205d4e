// Sweep throughput, in processes as users run it:
//  1. the local pool with 1 vs 2 workers on the same sweep (bar: ≥ 1.8x on 2 cores), rounds
//     interleaved, each in a fresh folder, pool start-up included;
//  2. BullMQ's overhead per job: the same sweep of tiny runs through a local redis-server and
//     one `saddle worker` against the local pool with one worker (bar: < 5 ms per job).
// Needs `npm run build` (dist/sweep-worker.js, dist/cli.js); part 2 needs redis-server and
// skips with a printed reason without it.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'vitest';
import { sweep } from '../bindings/sweep/index.js';
import { hasRedis, startRedis } from '../tests/helpers/redis.js';
import { describe, printTable, spread, writeResults } from './harness.js';

const tiny = { preset: 'ring-8', batch: 64, generator: { hidden: [32, 32] }, discriminator: { hidden: [32, 32] } };
/** 8 runs of about 3 s each on one core, so pool start-up (about a second per worker) does not dominate */
const THROUGHPUT = { name: 'throughput', base: tiny, iterations: 12000, evaluate: { every: 6000, distances: false }, grid: { loss: ['nonSaturating', 'hinge'], 'optimizer.d.lr': [1e-3, 3e-3] }, seeds: 2 };
/**
 * Sweeps of one-iteration runs, 8 and 32 of them: what remains is each engine's cost per run.
 * The slope (T₃₂ − T₈) / 24 per engine leaves out fixed costs (pool start-up, connecting).
 */
const overheadSweep = (seeds: number, round: number) => ({
  name: `overhead-${seeds}-${round}`, base: { ...tiny, generator: { hidden: [4] }, discriminator: { hidden: [4] }, ema: 0.9 + round * 1e-3 },
  iterations: 1, evaluate: { every: 1, distances: false }, grid: { 'optimizer.d.lr': [1e-4, 2e-4, 3e-4, 4e-4, 5e-4, 6e-4, 7e-4, 8e-4] }, seeds,
});

async function timeSweep(file: object, options: { workers?: number; redis?: string; queue?: string }): Promise<{ seconds: number; runs: number }> {
  const out = join(mkdtempSync(join(tmpdir(), 'saddle-bench-sweep-')), 's');
  const t0 = performance.now();
  const handle = sweep(file, { out, ...options });
  for await (const _ of handle) { /* results land in results.jsonl */ }
  const s = await handle.summary;
  if (s.done !== s.total) throw new Error(`${s.total - s.done} runs did not finish`);
  return { seconds: (performance.now() - t0) / 1000, runs: s.total };
}

test('sweep throughput: 1 vs 2 local workers, and BullMQ against the local pool', async () => {
  const rows: Record<string, unknown>[] = [];
  const rounds = 3;
  describe(`local pool: ${THROUGHPUT.name} sweep, 8 runs of ${THROUGHPUT.iterations} iterations, 1 vs 2 workers, ${rounds} interleaved rounds (${availableParallelism()} cores)`);
  const one: number[] = [], two: number[] = [];
  for (let r = 0; r < rounds; r++) {
    one.push((await timeSweep(THROUGHPUT, { workers: 1 })).seconds);
    two.push((await timeSweep(THROUGHPUT, { workers: 2 })).seconds);
  }
  const ratios = one.map((t, i) => t / two[i]);
  rows.push({ kind: 'workers', runs: 8, iterations: THROUGHPUT.iterations, one: spread(one), two: spread(two), ratio: spread(ratios) });
  printTable(['workers', 'seconds, median (min–max)'], [['1', `${spread(one).median.toFixed(2)} (${spread(one).min.toFixed(2)}–${spread(one).max.toFixed(2)})`], ['2', `${spread(two).median.toFixed(2)} (${spread(two).min.toFixed(2)}–${spread(two).max.toFixed(2)})`]]);
  console.log(`1-vs-2-worker ratio per round: ${ratios.map((x) => x.toFixed(2)).join(', ')} (bar ≥ 1.8)`);

  if (!hasRedis) {
    console.log('BullMQ overhead: skipped (redis-server is not installed: apt-get install redis-server)');
  } else {
    const redis = await startRedis();
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const workers = Array.from({ length: rounds }, (_, r) => spawn(process.execPath, [cli, 'worker', '--redis', redis.url, '--queue', `bench-${r}`],
      { stdio: ['ignore', 'pipe', 'inherit'] }));
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => w.stdout!.on('data', (d) => { if (String(d).includes('saddle worker:')) resolve(); }))));
    try {
      describe(`BullMQ vs the local pool: sweeps of 8 and 32 one-iteration runs, one worker each, ${rounds} interleaved rounds; per-run cost = (T₃₂ − T₈) / 24`);
      const local: number[] = [], queued: number[] = [];
      for (let r = 0; r < rounds; r++) {
        // a fresh base each round, so no job id repeats and nothing is skipped
        const slope = async (options: { workers?: number; redis?: string; queue?: string }) =>
          ((await timeSweep(overheadSweep(4, r), options)).seconds - (await timeSweep(overheadSweep(1, r), options)).seconds) / 24;
        local.push(await slope({ workers: 1 }));
        queued.push(await slope({ redis: redis.url, queue: `bench-${r}` }));
      }
      const perJobMs = local.map((t, i) => (queued[i] - t) * 1000);
      rows.push({ kind: 'bullmq', local: spread(local.map((t) => t * 1000)), bullmq: spread(queued.map((t) => t * 1000)), overheadMs: spread(perJobMs) });
      const ms = (x: number[]) => `${spread(x).median.toFixed(1)} (${spread(x).min.toFixed(1)}–${spread(x).max.toFixed(1)})`;
      printTable(['engine', 'ms per one-iteration run, median (min–max)'], [['local pool', ms(local.map((t) => t * 1000))], ['BullMQ', ms(queued.map((t) => t * 1000))]]);
      console.log(`BullMQ overhead per job: ${perJobMs.map((x) => x.toFixed(1)).join(', ')} ms (bar < 5 ms)`);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
      await redis.stop();
    }
  }
  writeResults('sweep', rows, { cores: availableParallelism(), throughputSweep: THROUGHPUT, overheadSweep: overheadSweep(4, 0) });
});
