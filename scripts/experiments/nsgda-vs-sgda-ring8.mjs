// Attempt at Jelassi et al. 2022 (nSGDA vs SGDA, with grafting) on ring-8: modes captured (within 20σ, ≥ 25 samples)
// per optimizer over an lr grid × seeds 1, 2. Usage: node scripts/experiments/nsgda-vs-sgda-ring8.mjs [simd|relaxed] [hidden] [batch] [iterations]
import { loadSaddle, gan } from '../../dist/index.js';
const sd = await loadSaddle({ build: process.argv[2] ?? 'simd' });
const [h, batch, iters] = [JSON.parse(process.argv[3] ?? '[32,32]'), Number(process.argv[4] ?? 128), Number(process.argv[5] ?? 3000)];
const grids = { sgd: [0.005, 0.02, 0.1], nsgd: [0.005, 0.02, 0.1], adamMagnitudeSgdDirection: [3e-4, 1e-3, 3e-3], sgdMagnitudeAdamDirection: [0.005, 0.02, 0.1] };
const t0 = performance.now();
for (const [kind, lrs] of Object.entries(grids)) {
  const row = [];
  for (const lr of lrs) for (const seed of [1, 2]) {
    const set = gan.dataset(sd, 'ring-8', { rows: 4096, seed });
    const opt = kind.includes('Magnitude') ? { kind, lr, b1: 0.5 } : { kind, lr };
    const t = gan.createTrainer(sd, { data: { values: set.data, dim: 2 }, noise: { dim: 2 }, batch, seed, generator: { hidden: h }, discriminator: { hidden: h }, optimizer: { d: opt, g: opt }, nonFinite: 'rollback' });
    let modes = 0;
    try { t.trainSync(iters); modes = gan.mixtureMetrics(t.sample(2500), { dim: 2, modes: set.modes, stds: set.stds }, { threshold: 20, minCount: 25 }).modes; } catch { modes = -1; }
    row.push(modes);
    t.dispose();
  }
  console.log(kind, row.join(' '), 'mean', (row.reduce((a, b) => a + b, 0) / row.length).toFixed(2), 'best', Math.max(...row));
}
console.log('seconds', ((performance.now() - t0) / 1000).toFixed(1));
