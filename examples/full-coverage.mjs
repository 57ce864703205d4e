#!/usr/bin/env node
// The VEEGAN/PacGAN mixture protocol on PacGAN's ring-8 and grid-25 with the configurations
// in this folder, for seeds 1, 2 and 3: modes captured, high-quality samples (within 3σ of
// a mode) and KL of the mode histogram to uniform, from 2,500 EMA samples.
//   npm run build && node examples/full-coverage.mjs [ring-8|grid-25 ...]
import { readFileSync } from 'node:fs';
import { gan, loadSaddle } from '../dist/index.js';

const sd = await loadSaddle();
const which = process.argv.slice(2);
for (const name of which.length ? which : ['ring-8', 'grid-25']) {
  const { preset, iterations, seed: _, ...config } = JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'));
  for (const seed of [1, 2, 3]) {
    const set = gan.dataset(sd, preset, { rows: 8192, seed });
    const trainer = new gan.GanTrainer({ ...config, seed, data: { values: set.data, dim: set.dim } }, { saddle: sd });
    const started = performance.now();
    await trainer.train({ iterations });
    const m = gan.mixtureMetrics(trainer.sample(gan.MIXTURE_PROTOCOL_SAMPLES, { ema: config.ema !== undefined }), { dim: set.dim, modes: set.modes, stds: set.stds });
    console.log(`${preset} seed ${seed}: ${m.modes}/${set.modes.length / set.dim} modes, ${(100 * m.highQuality).toFixed(1)}% high quality, KL ${m.klToUniform.toFixed(3)} (${iterations} iterations, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    trainer.dispose();
  }
}
