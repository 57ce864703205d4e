// The playground's default settings over a long run: the same trainer config the page builds
// (web/config.js trainerConfig from a URL hash), trained in Node; prints the mean D and G
// loss per window, mode coverage and high-quality fraction (2,500 samples) at each window's
// end. Usage: node scripts/experiments/playground-defaults.mjs [iterations] [window] [hash ...]
//   (no hash: the defaults, '')
import { gan, loadSaddle } from '../../dist/index.js';
import { decodeHash, trainerConfig, METRIC_SEED } from '../../web/config.js';

const iterations = Number(process.argv[2] ?? 24000), every = Number(process.argv[3] ?? 2000);
const hashes = process.argv.length > 4 ? process.argv.slice(4) : [''];
const sd = await loadSaddle({ build: 'simd' });
for (const hash of hashes) {
  const state = decodeHash(hash);
  const ds = gan.dataset(sd, state.data, { rows: state.rows, seed: state.dataSeed });
  const trainer = new gan.GanTrainer(trainerConfig(state, ds.data), { saddle: sd });
  console.log(`settings '${hash}' (${state.data}), ${iterations} iterations, means per ${every}:`);
  console.log('iteration  D loss  G loss  modes  HQ%   rollbacks');
  for (let done = 0; done < iterations; done += every) {
    trainer.trainSync(every);
    const h = trainer.history.series;
    const mean = (a) => { let s = 0; for (let i = a.length - every; i < a.length; i++) s += a[i]; return s / every; };
    const m = gan.mixtureMetrics(trainer.sample(gan.MIXTURE_PROTOCOL_SAMPLES, { seed: METRIC_SEED, ema: state.ema > 0 }), { dim: 2, modes: ds.modes, stds: ds.stds });
    console.log(`${String(done + every).padStart(9)}  ${mean(h.dLoss).toFixed(3)}   ${mean(h.gLoss).toFixed(3)}   ${String(m.modes).padStart(2)}/${ds.modes.length / 2}  ${(100 * m.highQuality).toFixed(1).padStart(5)}  ${trainer.history.rollbacks.length}`);
  }
  trainer.dispose();
}
