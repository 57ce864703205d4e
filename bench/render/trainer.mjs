// bench/results/trainer.json → the trainer's overhead and each regularizer's cost.
import { provenance, rangeText, sig, table } from './format.mjs';

export function render(results) {
  const hand = results.rows.filter((r) => r.kind === 'trainer-vs-hand');
  const reg = results.rows.filter((r) => r.kind === 'regularizer-cost');
  const overhead = (r) => (r.hand / r.trainer - 1) * 100;
  const cost = (r) => r.plain / r.regularized;
  const gp = reg.filter((r) => !r.regularizer.startsWith('consensus')), consensus = reg.filter((r) => r.regularizer.startsWith('consensus'));
  return {
    overhead: [table(['case', 'build', 'hand-built it/s', 'GanTrainer it/s', 'trainer overhead'],
      hand.map((r) => [r.case, r.build, sig(r.hand, 3), sig(r.trainer, 3), `${sig(overhead(r), 2)}%`])), '',
    `Best of two interleaved tinybench medians per side. ${provenance(results)}`].join('\n'),
    regularizers: table(['case', 'regularizer', 'build', 'plain → regularized it/s', 'cost'],
      reg.map((r) => [r.case, r.regularizer, r.build, `${sig(r.plain, 3)} → ${sig(r.regularized, 3)}`, `${sig(cost(r), 3)}x`])),
    summary: `\`GanTrainer\` cost ${rangeText(hand.map(overhead), 2, '%')} over the same program built by hand; R1, R2, WGAN-GP and DRAGAN cost ${rangeText(gp.map(cost), 2, 'x')} an unregularized iteration, consensus ${rangeText(consensus.map(cost), 2, 'x')} (bench/trainer.bench.ts, ${results.date.slice(0, 10)}).`,
  };
}
