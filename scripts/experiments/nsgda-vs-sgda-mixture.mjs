// Attempt at Jelassi et al. 2022 on Gaussian mixtures with modes of unequal scale: modes captured (within 6σ,
// ≥ 50 samples) per optimizer over an lr grid × seeds 1, 2. Usage: node scripts/experiments/nsgda-vs-sgda-mixture.mjs MEANS_JSON [std] [iterations]
import { loadSaddle, gan } from '../../dist/index.js';
const sd = await loadSaddle({ build: 'simd' });
const means = JSON.parse(process.argv[2]);
const std = Number(process.argv[3] ?? 0.05), iters = Number(process.argv[4] ?? 3000);
const grids = { sgd: [0.002, 0.01, 0.05], nsgd: [0.002, 0.01, 0.05], adamMagnitudeSgdDirection: [3e-4, 1e-3, 3e-3], sgdMagnitudeAdamDirection: [0.002, 0.01, 0.05] };
const mix = gan.gaussianMixture({ means, std });
for (const [kind, lrs] of Object.entries(grids)) {
  const row = [];
  for (const lr of lrs) for (const seed of [1, 2]) {
    const set = gan.dataset(sd, mix, { rows: 4096, seed });
    const opt = kind.includes('Magnitude') ? { kind, lr, b1: 0.5 } : { kind, lr };
    const t = gan.createTrainer(sd, { data: { values: set.data, dim: 2 }, noise: { dim: 2 }, batch: 128, seed, generator: { hidden: [32, 32] }, discriminator: { hidden: [32, 32] }, optimizer: { d: opt, g: opt }, nonFinite: 'rollback' });
    let modes = 0;
    try { t.trainSync(iters); modes = gan.mixtureMetrics(t.sample(2500), { dim: 2, modes: set.modes, stds: set.stds }, { threshold: 6, minCount: 50 }).modes; } catch { modes = -1; }
    row.push(modes);
    t.dispose();
  }
  console.log(kind, row.join(' '), 'mean', (row.reduce((a, b) => a + b, 0) / row.length).toFixed(2));
}
