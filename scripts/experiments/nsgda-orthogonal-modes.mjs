// The nsgda-vs-sgda and grafting claims' sweep on minimax.orthogonalModes with other budgets
// and Adam β₂: per optimizer and lr (× η_D/η_G for SGDA), how many of the seeds end with every
// mode covered. Usage: node scripts/experiments/nsgda-orthogonal-modes.mjs [iterations] [b2] [seeds] [ratios JSON]
import { loadSaddle, minimax, optim, randomNormal } from '../../dist/index.js';

const sd = await loadSaddle({ build: 'simd' });
const iterations = Number(process.argv[2] ?? 20000), b2 = Number(process.argv[3] ?? 0.9), seeds = Number(process.argv[4] ?? 5);
const ratios = JSON.parse(process.argv[5] ?? '[0.1, 1, 10]');
const scales = [1, 0.7, 0.5], K = scales.length, rates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];
const adam = { b1: 0.5, b2 };

function neurons(seed, stream) {
  const a = sd.f32(K * K);
  randomNormal(sd, a, { seed, stream });
  const v = Array.from(a.toArray(), (x) => Math.abs(x) * 0.1);
  a.dispose();
  return Array.from({ length: K }, (_, i) => v.slice(i * K, i * K + K));
}

const both = (t) => (lr) => minimax.withOptimizers({ x: t(lr), y: t(lr) });
const methods = {
  SGDA: (lr, ratio) => minimax.simultaneousGda({ lr, ratio }),
  nSGDA: (lr) => minimax.nsgda({ lr }),
  Adam: both((lr) => optim.adam(lr, adam)),
  'Adam#SGD': both((lr) => optim.adamMagnitudeSgdDirection(lr, adam)),
  'SGD#Adam': both((lr) => optim.sgdMagnitudeAdamDirection(lr, adam)),
};
console.log(`${iterations} iterations, β = (${adam.b1}, ${b2}), ${seeds} seeds: runs covering all ${K} modes`);
for (const [name, make] of Object.entries(methods)) {
  const cells = [];
  for (const lr of rates) for (const ratio of name === 'SGDA' ? ratios : [1]) {
    let full = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const game = minimax.orthogonalModes({ scales, generator: neurons(seed, 1), discriminator: neurons(seed, 2) });
      const end = minimax.run(sd, game, make(lr, ratio), { iterations }).points[1];
      if (end.every(Number.isFinite) && game.coverage(end).length === K) full++;
    }
    cells.push(`${name === 'SGDA' ? `(${lr}, ${ratio})` : lr}: ${full}`);
  }
  console.log(`${name.padEnd(9)} ${cells.join('  ')}`);
}
