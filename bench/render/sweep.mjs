// bench/results/sweep.json → sweep throughput with 1 and 2 local workers, and BullMQ's cost per job.
import { provenance, sig, spreadText, table } from './format.mjs';

export function render(results) {
  const w = results.rows.find((r) => r.kind === 'workers');
  const q = results.rows.find((r) => r.kind === 'bullmq');
  const rows = [['local pool, 1 worker', `${w.runs} × ${w.iterations} iterations`, spreadText(w.one, 3)], ['local pool, 2 workers', `${w.runs} × ${w.iterations} iterations`, spreadText(w.two, 3)]];
  return {
    throughput: [table(['engine', 'sweep', 'seconds, median (min–max)'], rows), '',
      ...(q ? [table(['engine', 'ms per one-iteration run, median (min–max)'], [['local pool, 1 worker', spreadText(q.local, 3)], ['BullMQ, 1 saddle worker', spreadText(q.bullmq, 3)]]), '',
        'Per-run cost from the slope (T₃₂ − T₈) / 24 of sweeps of 8 and 32 one-iteration runs, so fixed costs (pool start-up, connecting) drop out.', ''] : []),
      `Each sweep end to end (pool start-up included), ${w.one.runs} interleaved rounds on ${results.setup.cores} cores. ${provenance(results)}`].join('\n'),
    summary: `Two local workers finish the same sweep ${sig(w.ratio.median, 3)}x as fast as one (rounds ${sig(w.ratio.min, 3)}–${sig(w.ratio.max, 3)}x)` +
      (q ? `; a BullMQ job costs ${sig(q.overheadMs.median, 2)} ms more than a local one (rounds ${sig(q.overheadMs.min, 2)} to ${sig(q.overheadMs.max, 2)} ms).` : '; BullMQ was not measured (no redis-server).'),
  };
}
