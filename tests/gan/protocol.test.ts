// The VEEGAN/PacGAN mixture protocol on PacGAN's ring-8 (8 Gaussians on the unit circle,
// σ = 0.01; a sample is high quality within 3σ of a mode): NS-GAN + R1 (γ = 0.01) + Adam on a 64-64
// MLP — examples/ring-8.json, which is also `saddle train`'s default — reaches ≥ 7 of 8
// modes and ≥ 70% high-quality samples for seeds 1, 2 and 3 within its budget of 10,000
// iterations (2,500 EMA samples each).
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { gan } from '../../bindings/index.js';
import { DEFAULTS } from '../../bindings/cli/train.js';
import { loadBuild } from '../helpers/builds.js';

const example = JSON.parse(readFileSync(new URL('../../examples/ring-8.json', import.meta.url), 'utf8'));

test('examples/ring-8.json is the CLI default run', () => {
  const { preset, iterations, seed, ...trainer } = example;
  expect({ preset, iterations, seed, trainer }).toEqual(DEFAULTS);
});

for (const seed of [1, 2, 3]) {
  test(`ring-8, seed ${seed}: ≥ 7 of 8 modes and ≥ 70% high-quality samples after ${example.iterations} iterations`, async () => {
    const sd = await loadBuild('simd');
    const { preset, iterations, seed: _, ...config } = example;
    const set = gan.dataset(sd, preset, { rows: 8192, seed });
    const trainer = new gan.GanTrainer({ ...config, seed, data: { values: set.data, dim: set.dim } }, { saddle: sd });
    trainer.trainSync(iterations);
    const m = gan.mixtureMetrics(trainer.sample(gan.MIXTURE_PROTOCOL_SAMPLES, { ema: true }), { dim: set.dim, modes: set.modes!, stds: set.stds! });
    trainer.dispose();
    console.log(`ring-8 seed ${seed}: ${m.modes}/8 modes, ${(100 * m.highQuality).toFixed(1)}% high quality, KL ${m.klToUniform.toFixed(3)}`);
    expect(m.modes).toBeGreaterThanOrEqual(7);
    expect(m.highQuality).toBeGreaterThanOrEqual(0.7);
  }, 180_000);
}

test('examples/grid-25.json builds a trainer on its preset and trains', async () => {
  const sd = await loadBuild('simd');
  const grid = JSON.parse(readFileSync(new URL('../../examples/grid-25.json', import.meta.url), 'utf8'));
  const { preset, iterations, seed, ...config } = grid;
  expect(preset).toBe('grid-25');
  expect(iterations).toBe(30000);
  const set = gan.dataset(sd, preset, { rows: 1024, seed });
  const trainer = new gan.GanTrainer({ ...config, seed, data: { values: set.data, dim: set.dim } }, { saddle: sd });
  trainer.trainSync(10);
  expect(trainer.log('dLoss').every(Number.isFinite)).toBe(true);
  trainer.dispose();
});
