// The trainer's costs, measured in one process:
//  1. a GanTrainer iteration vs the same GAN compiled by hand (bench/gan-models.ts): the
//     trainer adds no per-step JS (bar: within 10%);
//  2. an iteration with each gradient penalty (R1, R2, WGAN-GP, DRAGAN) or consensus vs the
//     unregularized one (bar: at most 2.5x).
// Both saddle builds where the runtime has relaxed SIMD.
import { test } from 'vitest';
import { gan, hasRelaxedSimd, loadSaddle, type Saddle } from '../bindings/index.js';
import { GAN_CASES, buildSaddleGan, ganDataset, type GanCase } from './gan-models.js';
import { describe, measure, printTable, writeResults } from './harness.js';

function trainerFor(sd: Saddle, c: GanCase, extra: Partial<gan.TrainerConfig> = {}): gan.GanTrainer {
  // the hand-built model: ReLU MLPs with He init, non-saturating loss, Adam(2e-4, 0.5, 0.999)
  const net = (hidden: number[]) => ({ hidden, activation: 'relu' as const, init: { kind: 'he' as const } });
  const adam = { kind: 'adam' as const, lr: 2e-4, b1: 0.5, b2: 0.999 };
  return gan.createTrainer(sd, {
    data: { values: ganDataset(c), dim: c.dim }, noise: { dim: c.noise }, batch: c.batch, seed: 1,
    generator: net(c.generator), discriminator: net(c.discriminator), loss: 'nonSaturating',
    optimizer: { d: adam, g: adam }, regularizers: c.r1 ? { r1: c.r1 } : undefined, ...extra,
  });
}

const perSecond = async (k: number, run: () => void, big: boolean) => k / ((await measure(run, { time: big ? 3000 : 1500, iterations: 5 })).p50 / 1000);

test('GanTrainer vs a hand-built program, and the cost of each regularizer', async () => {
  const builds: Array<'simd' | 'relaxed'> = hasRelaxedSimd() ? ['simd', 'relaxed'] : ['simd'];
  const results: Record<string, unknown>[] = [];
  describe('GanTrainer.trainSync vs the same GAN compiled by hand, it/s');
  const rows: string[][] = [];
  for (const build of builds) {
    const sd = await loadSaddle({ build });
    for (const c of GAN_CASES) {
      const big = c.dim > 100, k = big ? 4 : 200;
      const program = buildSaddleGan(sd, c);
      const trainer = trainerFor(sd, c);
      // interleave to share the machine's noise
      const hand1 = await perSecond(k, () => program.run(k), big);
      const ours1 = await perSecond(k, () => trainer.trainSync(k), big);
      const hand2 = await perSecond(k, () => program.run(k), big);
      const ours2 = await perSecond(k, () => trainer.trainSync(k), big);
      const hand = Math.max(hand1, hand2), ours = Math.max(ours1, ours2);
      program.dispose(); trainer.dispose();
      rows.push([c.name, build, hand.toFixed(big ? 1 : 0), ours.toFixed(big ? 1 : 0), `${((hand / ours - 1) * 100).toFixed(1)}%`]);
      results.push({ kind: 'trainer-vs-hand', case: c.name, build, hand, trainer: ours, runs: { hand: [hand1, hand2], trainer: [ours1, ours2] } });
    }
  }
  printTable(['case', 'build', 'hand-built it/s', 'trainer it/s', 'trainer overhead'], rows);

  const REGULARIZED: Array<[string, Partial<gan.TrainerConfig>, Partial<gan.TrainerConfig>]> = [
    ['R1 (γ = 10)', { regularizers: { r1: 10 } }, {}],
    ['R2 (γ = 10)', { regularizers: { r2: 10 } }, {}],
    ['WGAN-GP (λ = 10)', { loss: 'wasserstein', regularizers: { wganGp: 10 } }, { loss: 'wasserstein' }],
    ['DRAGAN (λ = 10)', { regularizers: { dragan: 10 } }, {}],
    ['consensus (γ = 1), simultaneous', { scheme: 'simultaneous', regularizers: { consensus: 1 } }, { scheme: 'simultaneous' }],
  ];
  const cases = [GAN_CASES[0], { ...GAN_CASES[0], name: 'medium 8-64-64-2 / 2-64-64-1, batch 256', noise: 8, generator: [64, 64], discriminator: [64, 64] }];
  console.log('\nRegularized iteration cost vs the unregularized one (same scheme and loss), it/s');
  const regRows: string[][] = [];
  for (const build of builds) {
    const sd = await loadSaddle({ build });
    for (const c of cases) {
      for (const [name, config, baseline] of REGULARIZED) {
        const plain = trainerFor(sd, c, baseline), regularized = trainerFor(sd, c, config);
        const k = 200;
        const p1 = await perSecond(k, () => plain.trainSync(k), false), r1 = await perSecond(k, () => regularized.trainSync(k), false);
        const p2 = await perSecond(k, () => plain.trainSync(k), false), r2 = await perSecond(k, () => regularized.trainSync(k), false);
        const p = Math.max(p1, p2), r = Math.max(r1, r2);
        plain.dispose(); regularized.dispose();
        regRows.push([c.name, name, build, p.toFixed(0), r.toFixed(0), `${(p / r).toFixed(2)}x`]);
        results.push({ kind: 'regularizer-cost', case: c.name, regularizer: name, build, plain: p, regularized: r, runs: { plain: [p1, p2], regularized: [r1, r2] } });
      }
    }
  }
  printTable(['case', 'regularizer', 'build', 'plain it/s', 'regularized it/s', 'cost'], regRows);
  console.log('results written to', writeResults('trainer', results, { builds, timing: 'interleaved: hand, trainer, hand, trainer (plain, regularized, plain, regularized); best of the two tinybench medians' }));
});
